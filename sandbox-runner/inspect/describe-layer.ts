import type { DockerInstruction } from "../grading/lib";
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
  return `layer ${layer.index + 1}: ${layerInstruction(layer, sources)}`;
}

/** The instruction that made a layer, on one shortened line: the Dockerfile's text when matched, else the engine's. */
export function layerInstruction(layer: LayerFacts, sources?: LayerSources): string {
  const source = sources?.get(layer.index);
  const instruction = source
    ? asWritten(source)
    : layer.createdBy.replace(/\b(file|dir|multi):([0-9a-f]{8})[0-9a-f]{56}\b/g, "$1:$2…") ||
      (layer.isBase ? "(from the base image)" : "(no recorded instruction)");
  return shorten(instruction);
}

/** The instruction without its flags, heredoc bodies included: they say what the layer holds. */
function asWritten(instruction: DockerInstruction): string {
  const bodies = instruction.heredocs.map((h) => `${h.content} ${h.name}`);
  return [instruction.keyword, instruction.args, ...bodies].join(" ");
}

/** Where a learner finds the cause: the Dockerfile line when known, the layer otherwise. */
export function layerLocation(layer: LayerFacts, sources: LayerSources): string {
  const source = sources.get(layer.index);
  return source ? `Dockerfile:${source.line}` : layerLabel(layer);
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
