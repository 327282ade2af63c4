import type { BuildStepRecord } from "../docker/buildkit-progress";
import type { DockerfileStep } from "./final-stage-steps";

/** "not started": BuildKit listed the step, but its build was cancelled before the step began. */
export type StepVerdict = "cached" | "ran" | "not started" | "no record";

export interface StepComparison {
  /** Index (into steps) of the first step BuildKit ran instead of reusing, if any. */
  firstMiss?: number;
  /** Per step: what BuildKit's own record says happened to it in this build. */
  verdicts: StepVerdict[];
  /** One line per step up to `showThrough`, as BuildKit's log names it: CACHED or ran. */
  evidence: string;
}

/** BuildKit's record of a Dockerfile step in one build, found by the label the log gives it. */
export function recordOf(step: DockerfileStep, records: BuildStepRecord[]): BuildStepRecord | undefined {
  return records.find((r) => r.stage === step.stage && r.index === step.index);
}

/**
 * What one build did with each step of a stage, read from BuildKit's step
 * records: a step is reused exactly when BuildKit reports it CACHED. A step
 * with no record of its own (BuildKit merges a step identical to one in
 * another stage into a single record) is neither a hit nor a miss.
 */
export function compareStepRecords(
  steps: DockerfileStep[],
  records: BuildStepRecord[],
  showThrough: number,
): StepComparison {
  let firstMiss: number | undefined;
  const lines: string[] = [];
  const verdicts = steps.map((step, i): StepVerdict => {
    const record = recordOf(step, records);
    const verdict: StepVerdict = !record
      ? "no record"
      : record.cached
        ? "cached"
        : record.started
          ? "ran"
          : "not started";
    if (verdict === "ran" && firstMiss === undefined) firstMiss = i;
    if (i <= showThrough) {
      const what =
        verdict === "cached"
          ? "CACHED"
          : verdict === "ran"
            ? record?.error && /cancel/i.test(record.error)
              ? "ran (then its rebuild was cancelled: the answer was in)"
              : `ran (${seconds(record?.durationMs)})`
            : verdict === "not started"
              ? "not started (its rebuild was cancelled first)"
              : "no record of its own";
      lines.push(`${step.label} ${shorten(step.text)}: ${what}`);
    }
    return verdict;
  });
  return { firstMiss, verdicts, evidence: lines.join("\n") };
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? "time unknown" : `${(ms / 1000).toFixed(1)} s`;
}

function shorten(text: string): string {
  return text.length > 50 ? `${text.slice(0, 49)}…` : text;
}
