import { type DockerfileModel, type DockerInstruction, flagValue, parseImageRef, stageReference } from "../grading/lib";

export interface ImageRead {
  image: string;
  line: number;
  /** How the Dockerfile names it: "FROM", "COPY --from" or "RUN --mount from=". */
  how: string;
  instruction: string;
}

/**
 * The first image a Dockerfile reads that the grader made for itself. Those live on the engine that builds
 * learners' Dockerfiles, and BuildKit reads any image the engine has by name: each graded image is kept for a while
 * as `dockyard-sub-<submission>` for shells (another learner's build and everything baked into it), and the cache
 * phase builds `dockyard-cache-probe-...`. So FROM, `COPY --from` and `RUN --mount ...,from=` may name a stage or
 * an image, but never one of the grader's own.
 */
export function firstGraderImageRead(dockerfile: DockerfileModel): ImageRead | undefined {
  for (const stage of dockerfile.stages) {
    if (stage.parent || stage.scratch || stage.unresolved) continue;
    if (isGraderImage(stage.image))
      return { image: stage.image, line: stage.from.line, how: "FROM", instruction: stage.from.text };
  }
  for (const instruction of dockerfile.instructions) {
    const copied = instruction.keyword === "COPY" ? flagValue(instruction, "from") : undefined;
    const read = [
      imageRead(dockerfile, instruction, copied, "COPY --from"),
      ...instruction.mounts.map((mount) => imageRead(dockerfile, instruction, mount.from, "RUN --mount from=")),
    ].find((r) => r !== undefined);
    if (read) return read;
  }
  return undefined;
}

function imageRead(
  dockerfile: DockerfileModel,
  instruction: DockerInstruction,
  written: string | undefined,
  how: string,
): ImageRead | undefined {
  if (written === undefined) return undefined;
  // BuildKit expands build args in COPY --from; a name that is no stage is an image to it, whatever it looks like.
  const image = dockerfile.expand(written, instruction);
  if (typeof stageReference(dockerfile, image) === "object" || !isGraderImage(image)) return undefined;
  return { image, line: instruction.line, how, instruction: instruction.text };
}

/** Docker Hub names, as the engine normalises them (`docker.io/library/x` is `x`), that begin with `dockyard-`. */
function isGraderImage(reference: string): boolean {
  const ref = parseImageRef(reference);
  if (!ref) return false;
  const hub = ref.registry === undefined || ref.registry === "docker.io" || ref.registry === "index.docker.io";
  return hub && ref.repository.replace(/^library\//, "").startsWith("dockyard-");
}
