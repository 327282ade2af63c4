import type Docker from "dockerode";
import { ignoreNotFound, ignoreStatus } from "../docker/docker-error";
import { LABEL_SUBMISSION } from "../owner-labels";

/**
 * Removes everything a submission left in the engine: labelled containers,
 * networks and images, and the tags it built. BuildKit leaves no step images
 * (its build cache is the engine's to collect). Tagged images (the course's
 * base images) are never touched. `keep` names a tag whose image stays (kept for shells, see
 * sandbox-runner/kept-images.ts).
 */
export async function cleanupSubmission(
  docker: Docker,
  submissionId: string,
  opts: { tags?: string[]; keep?: string } = {},
): Promise<void> {
  const filters = { label: [`${LABEL_SUBMISSION}=${submissionId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => ignoreMissing(docker.getContainer(c.Id).remove({ force: true, v: true }))));
  const kept = opts.keep ? (await ignoreNotFound(docker.getImage(opts.keep).inspect()))?.Id : undefined;
  for (const tag of opts.tags ?? []) {
    if (tag !== opts.keep) await ignoreMissing(docker.getImage(tag).remove({ force: true }));
  }
  const images = await docker.listImages({ all: true, filters });
  for (const image of images) {
    if (image.Id !== kept) await ignoreMissing(docker.getImage(image.Id).remove({ force: true }));
  }
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => ignoreMissing(docker.getNetwork(n.Id).remove())));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((v) => ignoreMissing(docker.getVolume(v.Name).remove({ force: true }))));
}

/** 404: gone already; 409: the engine is already removing it (or it is in use by another of the submission's). */
function ignoreMissing(promise: Promise<unknown>): Promise<unknown> {
  return ignoreStatus(promise, 404, 409);
}
