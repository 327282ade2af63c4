import type { LmsCheckRule } from "./check-rule";

/**
 * Canvas's own late policy, on top of Dockyard's: Canvas deducts from a submission it counts late (posted after the
 * assignment's due date in Canvas), and a score Dockyard already credited for lateness then loses twice. The check
 * cannot read the course's late policy, so it says so wherever both could apply.
 */
export const canvasLatePolicy: LmsCheckRule = {
  id: "canvas-late-policy",
  run({ links, flavour }) {
    if (flavour === "moodle") return [];
    return links.flatMap((l) => {
      const due = l.lineItem?.endDateTime;
      if (!due && !(flavour === "canvas" && l.dockyardDueAt)) return [];
      return {
        rule: this.id,
        severity: "warning" as const,
        where: l.where,
        found: due
          ? `The grade column has a due date in the LMS (${due})` +
            `${l.dockyardDueAt ? ", and the class assigned the item with its own" : ""}.`
          : "The class assigned this item with a due date; the check cannot see Canvas's late policy.",
        why:
          "Dockyard already applies the class's late policy to the score it sends. If Canvas's automatic late " +
          "deduction is on, Canvas deducts again from a score it counts late.",
        fix:
          'In Canvas: Grades → the settings gear → Late Policies: clear "Automatically apply deduction to late ' +
          "submissions\" (it is course-wide), or remove the Canvas assignment's due date and keep the deadline in " +
          "Dockyard only.",
      };
    });
  },
};
