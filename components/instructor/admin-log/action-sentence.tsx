import type { AdminLogEntry } from "@/lib/admin/admin-log";

const FORMAT_NAME = { csv: "CSV", json: "JSON (the API)" } as const;
const STAFF_ROLE = { instructor: "an instructor", ta: "a teaching assistant", learner: "a learner" } as const;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** A kept labs' disk quota as the settings page takes it: binary gigabytes, as the lab page states its disk. */
const gigabytes = (bytes: number) => `${(bytes / 1024 ** 3).toLocaleString("en", { maximumFractionDigits: 1 })} GB`;

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
        `exported the gradebook${entry.details.className ? ` of ${entry.details.className}` : ""} as ` +
        `${FORMAT_NAME[entry.details.format]}: ` +
        `${plural(entry.details.learners, "learner")}, ${plural(entry.details.columns, "column")}`
      );
    case "shell_opened":
      return `opened a shell in ${label}'s image for "${entry.details.exerciseTitle}"`;
    case "class_created": {
      const from = entry.details.copiedFrom;
      const copy = from
        ? ` as a copy of ${from.className}: ${plural(from.assignments, "assignment")}, dates moved by ${from.days} days`
        : "";
      return `created the class ${label} (${entry.details.term})${copy}`;
    }
    case "class_staff_changed": {
      const { from, to, className } = entry.details;
      if (!from) return `made ${label} ${STAFF_ROLE[to ?? "learner"]} of ${className}`;
      if (!to) return `removed ${label} (${STAFF_ROLE[from]}) from ${className}`;
      return `changed ${label} from ${STAFF_ROLE[from]} to ${STAFF_ROLE[to]} of ${className}`;
    }
    case "roster_imported": {
      const { added, invited, already, refused } = entry.details;
      return (
        `imported a roster into ${label}: ${added ? `${plural(added, "learner")} added, ` : ""}${invited} invited, ` +
        `${already} already in, ${refused} refused`
      );
    }
    case "assignment_changed": {
      const { change, itemTitle, dueAt } = entry.details;
      if (change === "deleted") return `removed the assignment "${itemTitle}" from ${label}`;
      return `${change} the assignment "${itemTitle}" in ${label}, due ${dueAt}`;
    }
    case "extension_granted": {
      const { itemTitle, dueAt, reason } = entry.details;
      if (!dueAt) return `withdrew ${label}'s extension for "${itemTitle}" (${reason})`;
      return `gave ${label} until ${dueAt} for "${itemTitle}" (${reason})`;
    }
    case "score_overridden": {
      const { itemTitle, from, to, reason } = entry.details;
      const was = from === null ? "the computed score" : `${from}`;
      if (to === null) return `removed the override of ${label}'s score for "${itemTitle}" (${reason})`;
      return `set ${label}'s score for "${itemTitle}" to ${to}, was ${was} (${reason})`;
    }
    case "lti_platform_saved": {
      const { change, name, issuer, clientId } = entry.details;
      return `${change} the LMS ${name} (issuer ${issuer}, client ${clientId})`;
    }
    case "institution_saved": {
      const { change, name, issuer, clientId, enabled } = entry.details;
      const state = change === "deleted" ? "" : enabled ? ", on" : ", off";
      return `${change} the institution sign-in ${name} (issuer ${issuer}, client ${clientId}${state})`;
    }
    case "lti_roster_synced": {
      const { added, changed, removed } = entry.details;
      return `synced ${label}'s roster from the LMS: ${added} added, ${changed} changed role, ${removed} removed`;
    }
    case "lti_key_rotated":
      return `rotated Dockyard's LTI signing key (new key ${entry.details.kid})`;
    case "timed_extra_time": {
      const { itemTitle, itemSlug, extraPercent, extraMinutes, reason } = entry.details;
      const item = `"${itemTitle ?? itemSlug}" in ${entry.details.className}`;
      if (extraPercent === 0 && extraMinutes === 0) return `took back ${label}'s extra time on ${item} (${reason})`;
      const parts = [extraPercent ? `${extraPercent} %` : "", extraMinutes ? plural(extraMinutes, "minute") : ""];
      return `gave ${label} ${parts.filter(Boolean).join(" + ")} extra time on ${item} (${reason})`;
    }
    case "kept_labs_settings_saved": {
      const { from, to } = entry.details;
      return (
        `set kept labs to stay ${plural(to.keptDays, "day")} after they close (was ${from.keptDays}) and ` +
        `${gigabytes(to.keptBytesPerUser)} of disk for each learner's (was ${gigabytes(from.keptBytesPerUser)})`
      );
    }
  }
}
