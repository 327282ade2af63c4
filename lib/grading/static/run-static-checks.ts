import { type CheckOutcome, type CheckSpec, skipped, toCheckResult } from "../checks/check-spec";
import type { CheckResult } from "../result-schema";
import { buildStaticContext, type StaticContext, type StaticInput } from "./static-context";
import type { StaticRule } from "./static-rule";
import { STATIC_RULES } from "./static-rules";

/** Every check the static phase can report (method "static"). */
export const STATIC_CHECKS: CheckSpec[] = STATIC_RULES.map((r) => r.spec);

/**
 * The static phase: parses the Dockerfile once and runs every catalogue rule
 * the exercise does not disable. Pure and browser-safe, so the editor can show
 * the same results live that the grader records.
 */
export function runStaticChecks(input: StaticInput): CheckResult[] {
  const disabled = new Set(input.checks.disable);
  const rules = STATIC_RULES.filter((r) => !disabled.has(r.spec.id));
  const ctx = buildStaticContext(input);
  return rules.map((rule) => toCheckResult(rule.spec, runRule(rule, ctx)));
}

function runRule(rule: StaticRule, ctx: StaticContext): CheckOutcome {
  if (ctx.stages.length === 0)
    return skipped(
      "The Dockerfile has no FROM line, so there is nothing to inspect yet; start it with e.g. FROM python:3.11-slim.",
    );
  try {
    return rule.run(ctx);
  } catch (error) {
    // One faulty rule must not take the whole phase (and the editor's live feedback) down with it.
    return skipped(
      `This check could not run on this Dockerfile (${error instanceof Error ? error.message : String(error)}); ` +
        `it was not graded.`,
    );
  }
}
