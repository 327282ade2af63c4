import type { LayerFacts } from "./image-facts";
import type { LayerSources } from "./locate-layers";

const INSTRUCTION_MAX = 90;

/**
 * "layer 5: RUN pip install …". Layers are counted from 1 at the bottom. The
 * Dockerfile's own text is used when the layer could be matched to its line,
 * since the engine's record of a COPY ("COPY dir:<64 hex> in /app") means
 * little to a learner.
 */
export function layerLabel(layer: LayerFacts, sources?: LayerSources): string {
  const source = sources?.get(layer.index);
  const instruction = source
    ? `${source.keyword} ${source.args.replace(/\\\r?\n/g, " ")}`
    : layer.createdBy.replace(/\b(file|dir|multi):([0-9a-f]{8})[0-9a-f]{56}\b/g, "$1:$2…") ||
      (layer.isBase ? "(from the base image)" : "(no recorded instruction)");
  return `layer ${layer.index + 1}: ${shorten(instruction)}`;
}

/** Where a learner finds the cause: the Dockerfile line when known, the layer otherwise. */
export function layerLocation(layer: LayerFacts, sources: LayerSources): string {
  const source = sources.get(layer.index);
  return source ? `Dockerfile:${source.line}` : layerLabel(layer);
}

/** Sizes in the decimal units `docker images` uses, so numbers match what the learner sees locally. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

export function shorten(text: string, max = INSTRUCTION_MAX): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
