import type { ResultDocument } from "../shared";
import type { ImageFacts } from "./image-facts";

export type ImageSummary = NonNullable<ResultDocument["image"]>;

/**
 * The image part of the result document: size and layers bottom-up. `cached`
 * is false here; the build phase knows which steps came from the cache and
 * may set it.
 */
export function summariseImage(facts: ImageFacts): ImageSummary {
  return {
    sizeBytes: facts.sizeBytes,
    layers: facts.layers.map((l) => ({ createdBy: l.createdBy, sizeBytes: l.sizeBytes, cached: false })),
  };
}
