import type { LayerFacts } from "./image-facts";
import { overlayLayers, type ShadowedCopy } from "./overlay-layers";

export interface WasteReport {
  /** Bytes of regular files in learner layers that no container can see. */
  wastedBytes: number;
  /** Bytes of regular files in all learner layers, surviving or not. */
  learnerBytes: number;
  /** 1 − wasted / learner bytes; 1 when the learner added nothing. */
  efficiency: number;
  /** Wasted copies, biggest first. */
  items: ShadowedCopy[];
}

/**
 * dive's "wasted space", restricted to the learner's layers: a copy of a file
 * is waste when a later layer deletes or overwrites it, because the bytes
 * still ship in the layer that added it. The surviving copy is never waste.
 * Base-layer copies that the learner hides are not counted either: those bytes
 * came with the base and the learner could not have avoided them by
 * restructuring RUN lines (only by choosing another base).
 */
export function computeWaste(layers: LayerFacts[]): WasteReport {
  const learner = new Set(layers.filter((l) => !l.isBase).map((l) => l.index));
  const items = overlayLayers(layers)
    .shadowed.filter((s) => learner.has(s.layer) && s.entry.type === "file" && s.entry.size > 0)
    .sort((a, b) => b.entry.size - a.entry.size);
  const wastedBytes = items.reduce((sum, s) => sum + s.entry.size, 0);
  const learnerBytes = layers
    .filter((l) => learner.has(l.index))
    .reduce((sum, l) => sum + l.files.reduce((s, f) => s + (f.type === "file" ? f.size : 0), 0), 0);
  return { wastedBytes, learnerBytes, efficiency: learnerBytes === 0 ? 1 : 1 - wastedBytes / learnerBytes, items };
}
