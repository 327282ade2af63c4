import { explainFailure } from "../lms-failures";
import type { LmsCheckRule } from "./check-rule";

/** The token endpoint did not answer, or failed on its side: nothing else could be checked. */
export const lmsAnswers: LmsCheckRule = {
  id: "lms-answers",
  run({ tokenFailure, lmsName, flavour, timeoutSeconds }) {
    if (!tokenFailure || tokenFailure.code === "token_refused") return [];
    const { why, fix } = explainFailure(tokenFailure.code, flavour);
    const found =
      tokenFailure.code === "no_answer"
        ? `${lmsName} did not answer in ${timeoutSeconds} s.`
        : tokenFailure.code === "unreachable"
          ? `${lmsName} could not be reached.`
          : `${lmsName} failed to give Dockyard a token.`;
    return {
      rule: this.id,
      severity: "problem",
      found: `${found} ${tokenFailure.text} Nothing else was checked.`,
      why,
      fix,
    };
  },
};
