import type { CheckSpec } from "../checks/check-spec";
import type { CheckResult } from "../result-schema";
import { runStaticRules } from "./run-static-rules";
import type { StaticInput } from "./static-context";
import { STATIC_RULES } from "./static-rules";

/** Every check the static phase can report (method "static"). */
export const STATIC_CHECKS: CheckSpec[] = STATIC_RULES.map((r) => r.spec);

/**
 * The static phase: parses the Dockerfile once and runs every catalogue rule
 * the exercise does not disable. Pure and browser-safe, so the editor can show
 * the same results live that the grader records.
 */
export function runStaticChecks(input: StaticInput): CheckResult[] {
  return runStaticRules(STATIC_RULES, input);
}
