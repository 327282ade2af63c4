import { explainFailure } from "../lms-failures";
import type { LmsCheckRule } from "./check-rule";

/** The token endpoint refused the JWT Dockyard signs to prove it is the registered tool. */
export const clientAssertion: LmsCheckRule = {
  id: "client-assertion",
  run({ tokenFailure, lmsName, flavour }) {
    if (tokenFailure?.code !== "token_refused") return [];
    const { why, fix } = explainFailure("token_refused", flavour);
    return {
      rule: this.id,
      severity: "problem",
      found: `${lmsName}'s token endpoint refused Dockyard's signed request. ${tokenFailure.text}`,
      why,
      fix,
    };
  },
};
