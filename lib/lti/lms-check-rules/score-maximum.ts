import { inLmsWords } from "../lms-flavour";
import type { LmsCheckRule } from "./check-rule";

/** A grade column out of another maximum than Dockyard's 100 %: the LMS scales, which may surprise. */
export const scoreMaximum: LmsCheckRule = {
  id: "score-maximum",
  run({ links, lmsName, flavour }) {
    return links.flatMap((l) => {
      const max = l.lineItem?.scoreMaximum;
      if (max === undefined || max === 100) return [];
      const shown = (0.75 * max).toFixed(1).replace(/\.0$/, "");
      return {
        rule: this.id,
        severity: "note" as const,
        where: l.where,
        found: `The grade column is out of ${max} points; Dockyard sends percentages, out of 100.`,
        why:
          `${lmsName} scales each score to its column (75 % shows as ${shown} ` +
          `of ${max}): right if you meant it, confusing if you expected the percentage.`,
        fix: inLmsWords(
          {
            canvas: "To show percentages, set the assignment's Points to 100.",
            moodle: "To show percentages, set the activity's Grade → Maximum grade to 100.",
          },
          flavour,
        ),
      };
    });
  },
};
