import { type CheckOutcome, skipped, toCheckResult } from "../checks/check-spec";
import type { CheckResult } from "../result-schema";
import { buildStaticContext, type StaticContext, type StaticInput } from "./static-context";
import type { StaticRule } from "./static-rule";

/**
 * Parses the Dockerfile once and runs the given rules the exercise does not disable. Takes the rules as an
 * argument so the instant checks in the browser can load the Compose rules only for Compose exercises.
 */
export function runStaticRules(rules: readonly StaticRule[], input: StaticInput): CheckResult[] {
  const disabled = new Set(input.checks.disable);
  const ctx = buildStaticContext(input);
  return rules.filter((r) => !disabled.has(r.spec.id)).map((rule) => toCheckResult(rule.spec, runRule(rule, ctx)));
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
