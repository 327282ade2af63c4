import type Docker from "dockerode";
import type { FinalStage } from "./final-stage-steps";

/** Deep enough for any Dockerfile a learner writes; stops a corrupt chain from looping. */
const MAX_CHAIN = 500;

interface ChainLink {
  id: string;
  parent: string;
  createdBy: string;
}

/**
 * The image id each final-stage step produced, oldest first: result[i] is the
 * image made by stage.steps[i]. The classic builder commits one image per
 * instruction, each the parent of the next, so the chain from the final image
 * down to the stage's base image is exactly the list of steps (plus the LABEL
 * steps the builder appends for build-time labels, which are dropped).
 * Shorter than the step list when the engine kept no parents (e.g. a loaded image).
 */
export async function readStepImages(docker: Docker, finalImageId: string, stage: FinalStage): Promise<string[]> {
  const baseId = await resolveBaseId(docker, stage.baseImage);
  const topFirst: ChainLink[] = [];
  let id = finalImageId;
  while (id && id !== baseId && topFirst.length < MAX_CHAIN) {
    const link = await inspectLink(docker, id);
    topFirst.push(link);
    id = link.parent;
  }
  const count = stage.steps.length;
  if (baseId !== undefined && id === baseId) {
    return topFirst.reverse().slice(0, count).map((l) => l.id);
  }
  // Base unknown (FROM an earlier stage or an ARG): count down from the top past the appended labels.
  let start = 0;
  while (start < topFirst.length && isAppendedLabel(topFirst[start]!.createdBy)) start++;
  return topFirst
    .slice(start, start + count)
    .reverse()
    .map((l) => l.id);
}

async function resolveBaseId(docker: Docker, baseImage: string | undefined): Promise<string | undefined> {
  if (baseImage === undefined) return undefined;
  if (baseImage === "scratch") return "";
  try {
    return (await docker.getImage(baseImage).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

async function inspectLink(docker: Docker, id: string): Promise<ChainLink> {
  const info = await docker.getImage(id).inspect();
  const cmd = info.ContainerConfig?.Cmd ?? [];
  return { id: info.Id, parent: info.Parent ?? "", createdBy: cmd.join(" ") };
}

/** The builder turns build-time labels into trailing `LABEL` steps; ours all start with "dockyard.". */
function isAppendedLabel(createdBy: string): boolean {
  return /#\(nop\)\s+LABEL dockyard\./.test(createdBy);
}
