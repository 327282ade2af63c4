import { inLmsWords } from "../lms-flavour";
import type { LmsCheckRule } from "./check-rule";

/** A link whose launches named no grade column: Dockyard has nowhere to send its scores. */
export const lineItemMissing: LmsCheckRule = {
  id: "line-item-missing",
  run({ links, lmsName, flavour }) {
    return links
      .filter((l) => l.lineItemUrl === null)
      .map((l) => ({
        rule: this.id,
        severity: "warning" as const,
        where: l.where,
        found: `Launches of this link from ${lmsName} name no grade column (line item), so no score is sent for it.`,
        why:
          "The LMS puts a line item in a launch only for a graded link that may receive scores. Dockyard's deep " +
          "linking asks for one (a lineItem in the content item), but the LMS must keep it.",
        fix: inLmsWords(
          {
            canvas:
              "Add the item as an Assignment with Submission type External Tool and points (a module's External Tool " +
              "item is not graded), then launch it once.",
            moodle:
              'In the tool\'s settings, set "Supports Deep Linking (Content-Item Message)" and "IMS LTI Assignment ' +
              'and Grade Services" to "Use this service for grade sync and column management"; in the activity, set ' +
              'Grade → Grade type to Point and, under Privacy, tick "Accept grades from the tool"; then launch it ' +
              "once.",
          },
          flavour,
        ),
      }));
  },
};
