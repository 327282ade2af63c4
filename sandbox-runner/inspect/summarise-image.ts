import type { DockerfileModel, ResultDocument } from "../grading/lib";
import { computeWaste } from "./compute-waste";
import { layerInstruction } from "./describe-layer";
import type { ImageFacts } from "./image-facts";
import { locateLayers } from "./locate-layers";

export type ImageSummary = NonNullable<ResultDocument["image"]>;

/**
 * The image part of the result document: size and layers bottom-up, each
 * with where it came from and how many of its bytes are waste (the same
 * measure as the wasted-bytes check, so the chart and the check agree).
 * `cachedLines`: the Dockerfile lines whose step BuildKit reused in the
 * first build; only the build phase knows them.
 */
export function summariseImage(
  facts: ImageFacts,
  dockerfile: DockerfileModel,
  cachedLines: ReadonlySet<number> = new Set(),
): ImageSummary {
  const sources = locateLayers(facts.history, dockerfile);
  const wasted = new Map<number, number>();
  for (const item of computeWaste(facts.layers).items)
    wasted.set(item.layer, (wasted.get(item.layer) ?? 0) + item.entry.size);
  return {
    sizeBytes: facts.sizeBytes,
    layers: facts.layers.map((l) => {
      const line = l.isBase ? undefined : sources.get(l.index)?.line;
      return {
        createdBy: l.createdBy,
        sizeBytes: l.sizeBytes,
        cached: line !== undefined && cachedLines.has(line),
        fromBase: l.isBase,
        instruction: l.isBase ? undefined : layerInstruction(l, sources),
        line,
        // Waste is counted in the learner's layers only (see computeWaste); base layers say nothing.
        wastedBytes: l.isBase ? undefined : (wasted.get(l.index) ?? 0),
      };
    }),
  };
}
