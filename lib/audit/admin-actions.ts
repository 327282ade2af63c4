import { z } from "zod";
import { AdminActionKind, AssignmentKind, ClassRole, Role } from "../generated/prisma/enums";

/**
 * The actions the admin log records, each with what it acts on and the one schema its details must match, on write
 * (a call site cannot store a malformed entry) and on read (the page never renders one). The database's
 * AdminActionKind enum holds the same names, so an unknown action cannot be stored either.
 */
export const ADMIN_ACTIONS = Object.values(AdminActionKind);

export const adminActionSchema = z.enum(AdminActionKind);

const roleSchema = z.enum(Role);
const classRoleSchema = z.enum(ClassRole);
/** An assignment as the log names it: its class and what it assigns, snapshotted. */
const assignmentRef = {
  assignmentId: z.string(),
  classId: z.string(),
  className: z.string(),
  kind: z.enum(AssignmentKind),
  itemSlug: z.string(),
  itemTitle: z.string(),
};
const countSchema = z.number().int().min(0);
/** Kept labs' settings as an admin sets them (lib/labs/kept-lab-store.ts `KeptLabSettings`). */
const keptLabSettings = z.object({ keptDays: z.number().int().min(1), keptBytesPerUser: countSchema }).strict();

/** What an entry's target id names: an account, a submission, an exercise's slug, a class, or nothing. */
export type AdminTargetKind = "user" | "submission" | "exercise" | "class";

export const ADMIN_ACTION_TARGET = {
  role_changed: "user",
  admin_created: "user",
  regrade_submission: "submission",
  regrade_exercise: "exercise",
  gradebook_exported: null,
  shell_opened: "submission",
  class_created: "class",
  class_staff_changed: "user",
  roster_imported: "class",
  assignment_changed: "class",
  extension_granted: "user",
  score_overridden: "user",
  lti_platform_saved: null,
  institution_saved: null,
  lti_roster_synced: "class",
  lti_key_rotated: null,
  kept_labs_settings_saved: null,
  timed_extra_time: "user",
} as const satisfies Record<AdminActionKind, AdminTargetKind | null>;

export const ADMIN_ACTION_DETAILS = {
  role_changed: z.object({ from: roleSchema, to: roleSchema }).strict(),
  // `promoted`: the email already had an account, which became an admin; otherwise a new account was made.
  admin_created: z.object({ email: z.string(), promoted: z.boolean(), from: roleSchema.nullable() }).strict(),
  regrade_submission: z
    .object({ batchId: z.string(), exerciseSlug: z.string(), exerciseTitle: z.string(), regradeId: z.string() })
    .strict(),
  regrade_exercise: z.object({ batchId: z.string(), submissions: countSchema.min(1) }).strict(),
  // `className`: the export was of one class's learners (absent in entries from before classes).
  gradebook_exported: z
    .object({
      format: z.enum(["csv", "json"]),
      learners: countSchema,
      columns: countSchema,
      className: z.string().optional(),
    })
    .strict(),
  shell_opened: z.object({ shellId: z.string(), exerciseSlug: z.string(), exerciseTitle: z.string() }).strict(),
  // `copiedFrom`: a copy of another class for the next term (lib/classes/next-term.ts), its dates moved by `days`.
  class_created: z
    .object({
      term: z.string(),
      copiedFrom: z
        .object({ classId: z.string(), className: z.string(), assignments: countSchema, days: z.number().int() })
        .strict()
        .optional(),
    })
    .strict(),
  // `from` null: they joined the class's staff; `to` null: they left it.
  class_staff_changed: z
    .object({
      classId: z.string(),
      className: z.string(),
      from: classRoleSchema.nullable(),
      to: classRoleSchema.nullable(),
    })
    .strict(),
  // `added`: rosters before issue 34 put existing accounts in at once; now every line is an invitation.
  roster_imported: z
    .object({ added: countSchema.optional(), invited: countSchema, already: countSchema, refused: countSchema })
    .strict(),
  assignment_changed: z
    .object({
      ...assignmentRef,
      change: z.enum(["created", "updated", "deleted"]),
      opensAt: z.string().nullable(),
      dueAt: z.string(),
    })
    .strict(),
  extension_granted: z.object({ ...assignmentRef, dueAt: z.string().nullable(), reason: z.string() }).strict(),
  // `to` null: the override was removed and the computed score stands again.
  // Both zero: the extra time was taken back.
  timed_extra_time: z
    .object({
      ...assignmentRef,
      itemTitle: z.string().optional(),
      extraPercent: countSchema,
      extraMinutes: countSchema,
      reason: z.string(),
    })
    .strict(),
  score_overridden: z
    .object({ ...assignmentRef, from: z.number().nullable(), to: z.number().nullable(), reason: z.string() })
    .strict(),
  lti_platform_saved: z
    .object({
      name: z.string(),
      issuer: z.string(),
      clientId: z.string(),
      change: z.enum(["created", "updated", "deleted"]),
    })
    .strict(),
  // An institution's OpenID Connect provider or SAML IdP (lib/institutions/institutions.ts); no secret is logged.
  // Entries from before SAML have no protocol (OpenID Connect); a SAML one has no client ID.
  institution_saved: z
    .object({
      name: z.string(),
      protocol: z.enum(["oidc", "saml"]).optional(),
      issuer: z.string(),
      clientId: z.string().nullable(),
      enabled: z.boolean(),
      change: z.enum(["created", "updated", "deleted"]),
    })
    .strict(),
  // From the LMS's Names and Role Provisioning service: members added, whose role changed, and removed.
  lti_roster_synced: z.object({ added: countSchema, changed: countSchema, removed: countSchema }).strict(),
  lti_key_rotated: z.object({ kid: z.string() }).strict(),
  // How long a closed lab is kept and the disk a learner's kept labs may take, before and after.
  kept_labs_settings_saved: z.object({ from: keptLabSettings, to: keptLabSettings }).strict(),
} as const satisfies Record<AdminActionKind, z.ZodType>;

export type AdminActionDetails<A extends AdminActionKind> = z.infer<(typeof ADMIN_ACTION_DETAILS)[A]>;

/** One action's label in the log's filter. */
export const ADMIN_ACTION_LABEL: Record<AdminActionKind, string> = {
  role_changed: "Role changed",
  admin_created: "Admin created (command line)",
  regrade_submission: "Submission re-graded",
  regrade_exercise: "Exercise re-graded",
  gradebook_exported: "Gradebook exported",
  shell_opened: "Shell opened in a learner's image",
  class_created: "Class created",
  class_staff_changed: "Class staff changed",
  roster_imported: "Roster imported",
  assignment_changed: "Assignment changed",
  extension_granted: "Extension granted",
  score_overridden: "Score overridden",
  lti_platform_saved: "LMS (LTI platform) registered or changed",
  institution_saved: "Institution sign-in set up or changed",
  lti_roster_synced: "Roster synced from the LMS",
  lti_key_rotated: "LTI tool key rotated",
  kept_labs_settings_saved: "Kept labs' settings saved",
  timed_extra_time: "Extra time on a timed assessment",
};

export type { AdminActionKind };
