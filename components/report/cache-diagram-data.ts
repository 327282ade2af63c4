import type { CacheRebuild, CacheStep } from "@/lib/grading/result-schema";

export interface DiagramStep extends CacheStep {
  firstMiss: boolean;
}

export interface CacheDiagram {
  heading: string;
  /** What a well-ordered Dockerfile should show for this edit, to read the steps against. */
  expectation: string;
  summary: string;
  steps: DiagramStep[];
  explanation?: string;
}

const OUTCOME_WORD: Record<CacheStep["outcome"], string> = {
  reused: "reused (cache hit)",
  ran: "ran again",
  unknown: "no record of its own",
  stopped: "not built: the grader stopped this rebuild once the install ran again",
};

export function outcomeWord(outcome: CacheStep["outcome"]): string {
  return OUTCOME_WORD[outcome];
}

/** One rebuild of the cache phase, as the report draws it: every step, the first that ran again marked. */
export function cacheDiagram(rebuild: CacheRebuild): CacheDiagram {
  const count = (o: CacheStep["outcome"]) => rebuild.steps.filter((s) => s.outcome === o).length;
  const reused = count("reused");
  const ran = count("ran");
  return {
    heading: `After editing ${rebuild.mutation}`,
    expectation:
      rebuild.kind === "code"
        ? "A code edit should reuse every step up to the dependency install."
        : "A dependency change should run the install again.",
    summary: `${reused} ${reused === 1 ? "step" : "steps"} reused, ${ran} ran again`,
    steps: rebuild.steps.map((s) => ({
      ...s,
      firstMiss: rebuild.firstMiss !== undefined && s.label === rebuild.firstMiss.label,
    })),
    explanation: rebuild.firstMiss?.explanation,
  };
}
