import type { CheckResult } from "../../grading/lib";
import { type CheckOutcome, type CheckSpec, skipped, toCheckResult } from "../../grading/lib";
import { STACK_CHECKS } from "./stack-check-specs";

/** The stack checks' outcomes as they are measured, and the phase's results from them, whatever stopped it. */
export class StackOutcomes {
  private readonly outcomes = new Map<string, CheckOutcome>();
  /** Checks left out for a reason of their own (a failure an earlier check already reports). */
  private readonly notChecked = new Map<string, string>();

  constructor(private readonly log: (text: string) => void) {}

  record(spec: CheckSpec, outcome: CheckOutcome): void {
    this.outcomes.set(spec.id, outcome);
    this.log(`stack: ${outcome.status}: ${spec.title}\n`);
  }

  leaveOut(spec: CheckSpec, why: string): void {
    this.notChecked.set(spec.id, why);
  }

  /** Every stack check's result; `reason` is why those not measured (and not left out) were not. */
  results(reason: string): CheckResult[] {
    return STACK_CHECKS.map((spec) => {
      const outcome = this.outcomes.get(spec.id);
      if (outcome) return toCheckResult(spec, outcome);
      // Not measured counts as lost, as for checks a failed build never reached.
      const why = this.notChecked.get(spec.id) ?? reason;
      return { ...toCheckResult(spec, skipped(`Not checked: ${why}`)), maxPoints: spec.points };
    });
  }
}
