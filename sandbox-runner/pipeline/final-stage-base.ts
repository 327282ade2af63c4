import { finalStageChain, parseStages } from "../inspect/dockerfile-stages";
import { withDefaultTag } from "./find-base-images";

/**
 * The external image the final stage ultimately starts from (following
 * `FROM <earlier stage>`), so its layers can be told apart from the learner's.
 * Undefined for `scratch` or an image named through an ARG.
 */
export function finalStageBase(dockerfile: string): string | undefined {
  const image = finalStageChain(parseStages(dockerfile))[0]?.from;
  if (!image || image === "scratch" || image.includes("$")) return undefined;
  return withDefaultTag(image);
}
