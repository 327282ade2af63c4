import { type DockerfileModel, externalImage } from "../grading/lib";

/**
 * The external image the final stage ultimately starts from (following
 * `FROM <earlier stage>`), so its layers can be told apart from the learner's.
 * Undefined for `scratch` or an image named through an ARG.
 */
export function finalStageBase(dockerfile: DockerfileModel): string | undefined {
  const root = dockerfile.shippedStages[0];
  return root && externalImage(root);
}
