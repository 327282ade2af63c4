import type { DockerfileStep } from "./final-stage-steps";

export interface StepComparison {
  /** Index (into steps) of the first step whose image id differs, if any. */
  firstMiss?: number;
  /** One line per step up to `showThrough`: ids before and after, reused or rebuilt. */
  evidence: string;
}

/**
 * Step-by-step comparison of two builds of the same final stage. A step was
 * reused exactly when it produced the same image id: the engine's cache hands
 * back the earlier image instead of committing a new one.
 */
export function compareStepImages(steps: DockerfileStep[], before: string[], after: string[], showThrough: number): StepComparison {
  let firstMiss: number | undefined;
  const lines: string[] = [];
  steps.forEach((step, i) => {
    const same = before[i] !== undefined && before[i] === after[i];
    if (!same && firstMiss === undefined) firstMiss = i;
    if (i <= showThrough) {
      const relation = same ? `= ${shortId(after[i])} (reused)` : `≠ ${shortId(after[i])} (rebuilt)`;
      lines.push(`step ${step.step} ${shorten(step.text)} ${shortId(before[i])} ${relation}`);
    }
  });
  return { firstMiss, evidence: lines.join("\n") };
}

/** "sha256:" and the first 12 hex digits, as `docker images` shows them. */
export function shortId(id: string | undefined): string {
  if (!id) return "(no image)";
  const hex = id.startsWith("sha256:") ? id.slice(7) : id;
  return `sha256:${hex.slice(0, 12)}`;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
