import { DockerfileParser } from "dockerfile-ast";

export interface BaseImageRef {
  image: string;
  line: number;
}

/**
 * The external images a Dockerfile starts from: FROM lines that name neither
 * an earlier stage nor `scratch`. References built from ARGs are skipped; the
 * engine resolves those.
 */
export function findBaseImages(dockerfile: string): BaseImageRef[] {
  const stages = new Set<string>();
  const refs: BaseImageRef[] = [];
  for (const from of DockerfileParser.parse(dockerfile).getFROMs()) {
    const image = from.getImage();
    const stage = from.getBuildStage();
    if (image && !image.includes("$") && !stages.has(image.toLowerCase()) && image !== "scratch") {
      refs.push({ image: withDefaultTag(image), line: from.getRange().start.line + 1 });
    }
    if (stage) stages.add(stage.toLowerCase());
  }
  return refs;
}

/** "python" → "python:latest", as the engine reads an untagged reference. */
export function withDefaultTag(image: string): string {
  if (image.includes("@")) return image;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? image : `${image}:latest`;
}
