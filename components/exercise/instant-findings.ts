import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import type { CheckResult } from "@/lib/grading/result-schema";

export interface InstantCheckInput {
  files: { path: string; content: string }[];
  checks: ExerciseChecks;
}

/**
 * The failures and warnings of the grader's static rules on the learner's files: the same rule modules and
 * wording as the static phase, so nothing the editor shows can disagree with the report. The rules (and the
 * Dockerfile parser) are imported on first use, never with the page; the Compose rules, which bring a YAML
 * parser, ajv and the Compose schema, only for Compose exercises (the others would all be skipped anyway).
 */
export async function instantFindings({ files, checks }: InstantCheckInput): Promise<CheckResult[]> {
  const dockerfile = files.find((f) => f.path === "Dockerfile")?.content ?? "";
  if (!dockerfile.trim()) return [];
  const [{ runStaticRules }, rules] = await Promise.all([
    import("@/lib/grading/static/run-static-rules"),
    checks.compose
      ? import("@/lib/grading/static/static-rules").then((m) => m.STATIC_RULES)
      : import("@/lib/grading/static/dockerfile-rules").then((m) => m.DOCKERFILE_RULES),
  ]);
  try {
    return runStaticRules(rules, { dockerfile, files, checks }).filter(
      (c) => c.status === "fail" || c.status === "warn",
    );
  } catch {
    // A half-typed Dockerfile may not parse; the syntax check on Submit explains it.
    return [];
  }
}
