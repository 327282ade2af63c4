import type Docker from "dockerode";
import { LABEL_SUBMISSION } from "../limits";

/**
 * Removes everything a submission left in the engine: labelled containers,
 * networks and images, the tags it built, and the untagged step images of a
 * build that failed half-way (they carry no label, so the builder reports them).
 * Tagged images (the course's base images) are never touched.
 */
export async function cleanupSubmission(docker: Docker, submissionId: string, opts: { tags?: string[]; stepImages?: string[] } = {}): Promise<void> {
  const filters = { label: [`${LABEL_SUBMISSION}=${submissionId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => ignoreMissing(docker.getContainer(c.Id).remove({ force: true, v: true }))));
  for (const tag of opts.tags ?? []) await ignoreMissing(docker.getImage(tag).remove({ force: true }));
  const images = await docker.listImages({ all: true, filters });
  for (const image of images) await ignoreMissing(docker.getImage(image.Id).remove({ force: true }));
  // Newest first: a child must go before its parent.
  for (const id of [...(opts.stepImages ?? [])].reverse()) await removeIfUntagged(docker, id);
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => ignoreMissing(docker.getNetwork(n.Id).remove())));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((v) => ignoreMissing(docker.getVolume(v.Name).remove({ force: true }))));
}

async function removeIfUntagged(docker: Docker, id: string): Promise<void> {
  try {
    const info = await docker.getImage(id).inspect();
    if ((info.RepoTags ?? []).length > 0) return;
    // Not forced: an image another build still uses as a parent is refused (409) and stays.
    await docker.getImage(id).remove();
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw err;
  }
}

async function ignoreMissing(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== 404 && status !== 409) throw err;
  }
}
