import { plural } from "@/lib/format/numbers";
import type { CacheRebuild, CacheStep } from "@/lib/grading/result-schema";

const OUTCOME_WORD: Record<CacheStep["outcome"], string> = {
  reused: "reused (cache hit)",
  ran: "ran again",
  unknown: "no record of its own",
  stopped: "not built: the grader stopped this rebuild once the install ran again",
};

export const outcomeWord = (outcome: CacheStep["outcome"]) => OUTCOME_WORD[outcome];

/** One rebuild of the cache phase, as the report draws it: every step, the first that ran again marked. */
export function cacheDiagram(rebuild: CacheRebuild) {
  const count = (o: CacheStep["outcome"]) => rebuild.steps.filter((s) => s.outcome === o).length;
  return {
    heading: `After editing ${rebuild.mutation}`,
    /** What a well-ordered Dockerfile should show for this edit, to read the steps against. */
    expectation:
      rebuild.kind === "code"
        ? "A code edit should reuse every step up to the dependency install."
        : "A dependency change should run the install again.",
    summary: `${plural(count("reused"), "step")} reused, ${count("ran")} ran again`,
    steps: rebuild.steps.map((s) => ({
      ...s,
      firstMiss: rebuild.firstMiss !== undefined && s.label === rebuild.firstMiss.label,
    })),
    explanation: rebuild.firstMiss?.explanation,
  };
}
