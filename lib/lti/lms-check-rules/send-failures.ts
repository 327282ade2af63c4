import { explainFailure } from "../lms-failures";
import type { LmsCheckRule } from "./check-rule";

/**
 * What the LMS said when scores were refused: causes the check cannot read directly (an unpublished or concluded
 * course, a learner not in the course) show in the send log of the LMS's classes.
 */
export const sendFailures: LmsCheckRule = {
  id: "send-failures",
  run({ sendFailures: failures, lmsName, flavour }) {
    return failures.map((f) => {
      const { short, why, fix } = explainFailure(f.code, flavour);
      const transient = f.code === "no_answer" || f.code === "unreachable" || f.code === "lms_error";
      return {
        rule: this.id,
        severity: transient ? ("warning" as const) : ("problem" as const),
        where: f.example,
        found: `${f.count} score${f.count === 1 ? "" : "s"} failed to reach ${lmsName}: ${short}. The last: ${f.text}`,
        why,
        fix,
      };
    });
  },
};
