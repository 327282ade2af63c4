import type { AdminLogEntry } from "@/lib/admin/admin-log";

const FORMAT_NAME = { csv: "CSV", json: "JSON (the API)" } as const;
const STAFF_ROLE = { instructor: "an instructor", ta: "a teaching assistant", learner: "a learner" } as const;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** A kept labs' disk quota as the settings page takes it: binary gigabytes, as the lab page states its disk. */
const gigabytes = (bytes: number) => `${(bytes / 1024 ** 3).toLocaleString("en", { maximumFractionDigits: 1 })} GB`;

/** What the actor did, following their name ("changed Ada's role from learner to instructor"), from snapshots. */
export function actionSentence({ action, details: d, target }: AdminLogEntry): string {
  const label = target?.label ?? "";
  switch (action) {
    case "role_changed":
      return `changed ${label}'s role from ${d.from} to ${d.to}`;
    case "admin_created":
      if (!d.promoted) return `created the admin account ${label} (${d.email})`;
      return `made the existing ${d.from ? `${d.from} ` : ""}account ${label} (${d.email}) an admin`;
    case "regrade_submission":
      return `re-graded ${label}'s submission to "${d.exerciseTitle}"`;
    case "regrade_exercise":
      return `re-graded ${plural(d.submissions, "submission")} of "${label}"`;
    case "gradebook_exported":
      return (
        `exported the gradebook${d.className ? ` of ${d.className}` : ""} as ${FORMAT_NAME[d.format]}: ` +
        `${plural(d.learners, "learner")}, ${plural(d.columns, "column")}`
      );
    case "shell_opened":
      return `opened a shell in ${label}'s image for "${d.exerciseTitle}"`;
    case "class_created": {
      const from = d.copiedFrom;
      const copy = from
        ? ` as a copy of ${from.className}: ${plural(from.assignments, "assignment")}, dates moved by ${from.days} days`
        : "";
      return `created the class ${label} (${d.term})${copy}`;
    }
    case "class_staff_changed":
      if (!d.from) return `made ${label} ${STAFF_ROLE[d.to ?? "learner"]} of ${d.className}`;
      if (!d.to) return `removed ${label} (${STAFF_ROLE[d.from]}) from ${d.className}`;
      return `changed ${label} from ${STAFF_ROLE[d.from]} to ${STAFF_ROLE[d.to]} of ${d.className}`;
    case "roster_imported":
      return (
        `imported a roster into ${label}: ${d.added ? `${plural(d.added, "learner")} added, ` : ""}${d.invited} ` +
        `invited, ${d.already} already in, ${d.refused} refused`
      );
    case "assignment_changed":
      if (d.change === "deleted") return `removed the assignment "${d.itemTitle}" from ${label}`;
      return `${d.change} the assignment "${d.itemTitle}" in ${label}, due ${d.dueAt}`;
    case "extension_granted":
      if (!d.dueAt) return `withdrew ${label}'s extension for "${d.itemTitle}" (${d.reason})`;
      return `gave ${label} until ${d.dueAt} for "${d.itemTitle}" (${d.reason})`;
    case "score_overridden": {
      const was = d.from === null ? "the computed score" : `${d.from}`;
      if (d.to === null) return `removed the override of ${label}'s score for "${d.itemTitle}" (${d.reason})`;
      return `set ${label}'s score for "${d.itemTitle}" to ${d.to}, was ${was} (${d.reason})`;
    }
    case "lti_platform_saved":
      return `${d.change} the LMS ${d.name} (issuer ${d.issuer}, client ${d.clientId})`;
    case "institution_saved": {
      const state = d.change === "deleted" ? "" : d.enabled ? ", on" : ", off";
      return `${d.change} the institution sign-in ${d.name} (issuer ${d.issuer}, client ${d.clientId}${state})`;
    }
    case "lti_roster_synced":
      return `synced ${label}'s roster from the LMS: ${d.added} added, ${d.changed} changed role, ${d.removed} removed`;
    case "lti_key_rotated":
      return `rotated Dockyard's LTI signing key (new key ${d.kid})`;
    case "timed_extra_time": {
      const item = `"${d.itemTitle ?? d.itemSlug}" in ${d.className}`;
      if (d.extraPercent === 0 && d.extraMinutes === 0)
        return `took back ${label}'s extra time on ${item} (${d.reason})`;
      const parts = [
        d.extraPercent ? `${d.extraPercent} %` : "",
        d.extraMinutes ? plural(d.extraMinutes, "minute") : "",
      ];
      return `gave ${label} ${parts.filter(Boolean).join(" + ")} extra time on ${item} (${d.reason})`;
    }
    case "kept_labs_settings_saved":
      return (
        `set kept labs to stay ${plural(d.to.keptDays, "day")} after they close (was ${d.from.keptDays}) and ` +
        `${gigabytes(d.to.keptBytesPerUser)} of disk for each learner's (was ${gigabytes(d.from.keptBytesPerUser)})`
      );
  }
}
