/** Helpers for checking what a lesson page sends about its quiz, shared by the quiz journeys. */
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

export interface QuizYaml {
  questions: {
    id: string;
    kind: "single" | "multiple" | "ordering" | "predict";
    prompt: string;
    explanation: string;
    options?: { id: string; text: string; correct: boolean; feedback: string }[];
    items?: { id: string; text: string; feedback: string }[];
    reveal?: { code: string };
  }[];
}

/**
 * Text as a reader would see it, whatever the encoding it was sent in: the RSC
 * payload is JSON inside a JS string (escaped twice) and HTML escapes quotes,
 * so undo both and collapse whitespace before looking for answer text.
 */
export function asSent(body: string): string {
  let text = body;
  for (let pass = 0; pass < 2; pass++) {
    text = text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) =>
      c.length === 5
        ? String.fromCharCode(parseInt(c.slice(1), 16))
        : (({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[c] ?? c),
    );
  }
  text = text.replace(
    /&(quot|#x27|#39|lt|gt|amp);/g,
    (_, e: string) => ({ quot: '"', "#x27": "'", "#39": "'", lt: "<", gt: ">", amp: "&" })[e]!,
  );
  return text.replace(/\s+/g, " ");
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

export const squeeze = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Whether the texts occur one after the other, in this order, with no other of
 * them in between and each close to the last: how a correct order would look if
 * it leaked. A shuffled list printed twice (HTML, then RSC payload) is far apart
 * at the seam, so a rotation of the key does not count.
 */
export function inSequence(sent: string, texts: string[], maxGap = 2_000): boolean {
  const hits = texts
    .flatMap((t, index) => occurrences(sent, t).map((at) => ({ index, at, end: at + t.length })))
    .sort((a, b) => a.at - b.at)
    // An item's text repeats inside its own row (label, Move up, Move down): count it once.
    .filter((hit, k, all) => k === 0 || all[k - 1]!.index !== hit.index);
  return hits.some((_, start) =>
    texts.every((__, k) => {
      const hit = hits[start + k];
      const previous = hits[start + k - 1];
      return hit?.index === k && (k === 0 || hit.at - previous!.end <= maxGap);
    }),
  );
}

/**
 * The full-marks answers of a lesson's quiz in the request shape (an ordering answer is the item order), from its
 * folder under content/modules, e.g. "01-why-containers/lessons/containers-vs-vms".
 */
export function fullMarks(lessonFolder: string): Record<string, string[]> {
  const file = path.resolve(import.meta.dirname, "../content/modules", lessonFolder, "quiz.yaml");
  const quiz = YAML.parse(readFileSync(file, "utf8")) as QuizYaml;
  return Object.fromEntries(
    quiz.questions.map((q) => [
      q.id,
      q.kind === "ordering" ? q.items!.map((i) => i.id) : q.options!.filter((o) => o.correct).map((o) => o.id),
    ]),
  );
}
