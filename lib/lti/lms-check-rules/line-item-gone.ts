import { explainFailure } from "../lms-failures";
import type { LmsCheckRule } from "./check-rule";

/** A line item a link's launches named that the LMS no longer has, or would not show. */
export const lineItemGone: LmsCheckRule = {
  id: "line-item-gone",
  run({ links, lmsName, flavour }) {
    return links.flatMap((l) => {
      if (!l.readFailure || !["line_item_gone", "scope_not_granted", "refused"].includes(l.readFailure.code)) return [];
      const gone = l.readFailure.code === "line_item_gone";
      const { why, fix } = explainFailure(l.readFailure.code, flavour);
      return {
        rule: this.id,
        severity: gone ? ("problem" as const) : ("warning" as const),
        where: l.where,
        found: gone
          ? `${lmsName} no longer has this link's grade column. ${l.readFailure.text}`
          : `${lmsName} would not show this link's grade column. ${l.readFailure.text}`,
        why,
        fix,
      };
    });
  },
};
