import { checkLocations } from "@/components/editor/locations";
import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import type { CheckResult } from "@/lib/grading/result-schema";
import type { QuickFix } from "@/lib/grading/static/quick-fix";
import type { StaticRule } from "@/lib/grading/static/static-rule";

export interface InstantCheckInput {
  files: { path: string; content: string }[];
  checks: ExerciseChecks;
}

/** A rule's mechanical fix for one of its findings, valid for the Dockerfile text the report was made from. */
export interface InstantFix {
  checkId: string;
  line: number;
  fix: QuickFix;
}

export interface InstantReport {
  findings: CheckResult[];
  fixes: InstantFix[];
  /** The Dockerfile the findings are about: fixes apply to this text only. */
  dockerfile: string;
}

/**
 * The failures and warnings of the grader's static rules on the learner's files: the same rule modules and
 * wording as the static phase, so nothing the editor shows can disagree with the report. The rules (and the
 * Dockerfile parser) are imported on first use, never with the page; the Compose rules, which bring a YAML
 * parser, ajv and the Compose schema, only for Compose exercises (the others would all be skipped anyway).
 */
export async function instantFindings({ files, checks }: InstantCheckInput): Promise<InstantReport> {
  const dockerfile = files.find((f) => f.path === "Dockerfile")?.content ?? "";
  if (!dockerfile.trim()) return { findings: [], fixes: [], dockerfile };
  const [{ runStaticRules }, rules] = await Promise.all([
    import("@/lib/grading/static/run-static-rules"),
    checks.compose
      ? import("@/lib/grading/static/static-rules").then((m) => m.STATIC_RULES)
      : import("@/lib/grading/static/dockerfile-rules").then((m) => m.DOCKERFILE_RULES),
  ]);
  try {
    const findings = runStaticRules(rules, { dockerfile, files, checks }).filter(
      (c) => c.status === "fail" || c.status === "warn",
    );
    return { findings, fixes: quickFixes(rules, findings, dockerfile), dockerfile };
  } catch {
    // A half-typed Dockerfile may not parse; the syntax check on Submit explains it.
    return { findings: [], fixes: [], dockerfile };
  }
}

function quickFixes(rules: readonly StaticRule[], findings: CheckResult[], dockerfile: string): InstantFix[] {
  return findings.flatMap((check) => {
    const quickFix = rules.find((r) => r.spec.id === check.id)?.quickFix;
    if (!quickFix) return [];
    return checkLocations(check)
      .filter((at) => at.path === "Dockerfile")
      .flatMap(({ line }) => {
        try {
          const fix = quickFix(dockerfile, line);
          return fix ? [{ checkId: check.id, line, fix }] : [];
        } catch {
          return []; // a fix that cannot read this text offers nothing; the finding still shows
        }
      });
  });
}
