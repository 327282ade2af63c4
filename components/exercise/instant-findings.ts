import { checkLocations } from "@/components/editor/locations";
import type { InstantReport } from "@/components/instant-report/instant-report";
import { LESSONS } from "@/lib/content/lesson-slugs";
import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import { dockerfileParses } from "@/lib/grading/checks/dockerfile-parses";
import type { CheckResult } from "@/lib/grading/result-schema";
import type { StaticContext } from "@/lib/grading/static/static-context";
import type { StaticRule } from "@/lib/grading/static/static-rule";

export interface InstantCheckInput {
  /** Every file the checks read: the learner's and the exercise's fixed ones. */
  files: { path: string; content: string }[];
  /** The paths Submit sends (the learner's files), which the server validates before anything else. */
  submitted: readonly string[];
  checks: ExerciseChecks;
}

/**
 * What the editor shows before Submit: what the submit route would refuse (`validateSubmission`) and nothing else,
 * or else the failures and warnings of the grader's static rules. The same modules and wording as the server, so the
 * two never disagree. Imported on first use; the Compose rules (a YAML parser, ajv) only for Compose exercises.
 */
export async function instantFindings({ files, submitted, checks }: InstantCheckInput): Promise<InstantReport> {
  const dockerfile = files.find((f) => f.path === "Dockerfile")?.content ?? "";
  const refused = await refusal(files, submitted);
  if (refused) return { findings: [refused], fixes: [], sources: {} };
  const [{ runStaticRules }, { buildStaticContext }, rules] = await Promise.all([
    import("@/lib/grading/static/run-static-rules"),
    import("@/lib/grading/static/static-context"),
    checks.compose
      ? import("@/lib/grading/static/static-rules").then((m) => m.STATIC_RULES)
      : import("@/lib/grading/static/dockerfile-rules").then((m) => m.DOCKERFILE_RULES),
  ]);
  try {
    // Submit sends exactly the exercise's editable files: fixes propose edits to those only.
    const input = { dockerfile, files, checks, editable: submitted };
    const findings = runStaticRules(rules, input).filter((c) => c.status === "fail" || c.status === "warn");
    return quickFixes(rules, findings, buildStaticContext(input));
  } catch {
    // A rule that cannot read a text the server accepts reports nothing; the grader's static phase explains it.
    return { findings: [], fixes: [], sources: {} };
  }
}

/** The submit route's refusal of these files as a finding, or undefined when it would accept them. */
async function refusal(files: InstantCheckInput["files"], submitted: readonly string[]) {
  const [{ validateSubmission }, { RequestError }] = await Promise.all([
    import("@/lib/file-sets/validate-files"),
    import("@/lib/errors/request-error"),
  ]);
  try {
    validateSubmission(
      files.filter((f) => submitted.includes(f.path)),
      submitted,
    );
    return undefined;
  } catch (err) {
    if (!(err instanceof RequestError)) throw err;
    return refusalFinding(err.message, err.details);
  }
}

/** The refusal as a finding: a syntax error as the grader's `dockerfileParses`, any other on the first line. */
function refusalFinding(message: string, details: Record<string, unknown> = {}): CheckResult {
  const text = (key: string) => (typeof details[key] === "string" ? (details[key] as string) : undefined);
  const line = typeof details.line === "number" ? details.line : 1;
  if (text("file") !== undefined) return dockerfileParses({ message, line, fix: text("fix") });
  const file = text("path");
  return {
    id: "submission.files-accepted",
    category: "correctness",
    title: "The server accepts the files",
    method: "static",
    status: "fail",
    points: 0,
    maxPoints: 0,
    message,
    location: file ? `${file}:${line}` : undefined,
    why: "The server refuses a submission like this one, so nothing can be graded until it is fixed.",
    fix: text("fix") ?? "Change the files as the message says, then submit.",
    lesson: text("lesson") ?? LESSONS.serviceDockerfile,
  };
}

/** The findings with their rules' quick fixes, computed on the text as checked, for files the learner may edit. */
function quickFixes(rules: readonly StaticRule[], findings: CheckResult[], ctx: StaticContext): InstantReport {
  const sources: Record<string, string> = {};
  const fixes = findings.flatMap((check) => {
    const rule = rules.find((r) => r.spec.id === check.id);
    const path = rule?.quickFixFile ? rule.quickFixFile(ctx) : "Dockerfile";
    const text = path === undefined ? undefined : ctx.files.get(path);
    if (!rule?.quickFix || path === undefined || text === undefined || !ctx.editable(path)) return [];
    const quickFix = rule.quickFix;
    // A finding named twice on one line (two ports in one list) gets one fix, which edits both.
    const lines = new Set(checkLocations(check).flatMap((at) => (at.path === path ? [at.line] : [])));
    return [...lines].flatMap((line) => {
      try {
        const fix = quickFix(text, line, ctx);
        if (!fix) return [];
        sources[path] = text;
        return [{ checkId: check.id, path, line, fix }];
      } catch {
        return []; // a fix that cannot read this text offers nothing; the finding still shows
      }
    });
  });
  return { findings, fixes, sources };
}
