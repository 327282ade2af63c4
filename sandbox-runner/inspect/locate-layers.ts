import { DOCKERFILE_INSTRUCTIONS, type DockerfileModel, type DockerInstruction } from "../grading/lib";
import type { HistoryFacts } from "./image-facts";

const KEYWORDS = new Set(DOCKERFILE_INSTRUCTIONS);

/** Which Dockerfile instruction made each learner layer, keyed by layer index. */
export type LayerSources = Map<number, DockerInstruction>;

/**
 * Pairs learner history entries with the instructions of the final stage's
 * chain. The classic builder records one history entry per instruction, so the
 * two lists line up from the end; entries the Dockerfile does not explain
 * (ONBUILD triggers, an unknown base's history) are skipped.
 */
export function locateLayers(history: HistoryFacts[], dockerfile: DockerfileModel): LayerSources {
  const instructions = dockerfile.shippedStages.flatMap((s) => s.instructions);
  const entries = history.filter((h) => !h.isBase);
  // The grader adds its own labels after the learner's last instruction.
  while (entries.length > 0 && /^LABEL dockyard\./.test(entries.at(-1)!.createdBy)) entries.pop();

  const sources: LayerSources = new Map();
  let j = instructions.length - 1;
  for (let i = entries.length - 1; i >= 0 && j >= 0; i--) {
    const entry = entries[i]!;
    if (keywordOf(entry) !== instructions[j]!.keyword) continue;
    if (entry.layerIndex !== undefined) sources.set(entry.layerIndex, instructions[j]!);
    j--;
  }
  return sources;
}

function keywordOf(entry: HistoryFacts): string {
  const word = entry.createdBy.split(/\s/, 1)[0]!.toUpperCase();
  // Anything else the classic builder recorded without "#(nop)" is an exec-form RUN.
  return KEYWORDS.has(word) ? word : "RUN";
}
