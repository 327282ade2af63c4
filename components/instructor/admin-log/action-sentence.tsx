import type { AdminLogEntry } from "@/lib/admin/admin-log";

const FORMAT_NAME = { csv: "CSV", json: "JSON (the API)" } as const;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * What the actor did, as a sentence that follows their name ("changed Ada Lovelace's role from learner to
 * instructor"). Names and titles are the snapshots taken when it happened, rendered as text.
 */
export function actionSentence(entry: AdminLogEntry): string {
  const label = entry.target?.label ?? "";
  switch (entry.action) {
    case "role_changed":
      return `changed ${label}'s role from ${entry.details.from} to ${entry.details.to}`;
    case "admin_created": {
      const { email, promoted, from } = entry.details;
      if (!promoted) return `created the admin account ${label} (${email})`;
      return `made the existing ${from ? `${from} ` : ""}account ${label} (${email}) an admin`;
    }
    case "regrade_submission":
      return `re-graded ${label}'s submission to "${entry.details.exerciseTitle}"`;
    case "regrade_exercise":
      return `re-graded ${plural(entry.details.submissions, "submission")} of "${label}"`;
    case "gradebook_exported":
      return (
        `exported the gradebook as ${FORMAT_NAME[entry.details.format]}: ` +
        `${plural(entry.details.learners, "learner")}, ${plural(entry.details.columns, "column")}`
      );
    case "shell_opened":
      return `opened a shell in ${label}'s image for "${entry.details.exerciseTitle}"`;
  }
}
