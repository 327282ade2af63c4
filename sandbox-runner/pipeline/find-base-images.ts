import { type DockerfileModel, externalImage } from "../grading/lib";

export interface BaseImageRef {
  image: string;
  line: number;
}

/**
 * The external images a Dockerfile starts from: FROM lines that name neither
 * an earlier stage nor `scratch`. References built from ARGs are skipped; the
 * engine resolves those.
 */
export function findBaseImages(dockerfile: DockerfileModel): BaseImageRef[] {
  return dockerfile.stages.flatMap((stage) => {
    const image = externalImage(stage);
    return image ? [{ image, line: stage.from.line }] : [];
  });
}
