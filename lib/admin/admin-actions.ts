import { z } from "zod";
import { AdminActionKind, Role } from "../generated/prisma/enums";

/**
 * The actions the admin log records, each with what it acts on and the one schema its details must match, on write
 * (a call site cannot store a malformed entry) and on read (the page never renders one). The database's
 * AdminActionKind enum holds the same names, so an unknown action cannot be stored either.
 */
export const ADMIN_ACTIONS = Object.values(AdminActionKind);

export const adminActionSchema = z.enum(AdminActionKind);

const roleSchema = z.enum(Role);
const countSchema = z.number().int().min(0);

/** What an entry's target id names: an account, a submission, an exercise's slug, or nothing. */
export type AdminTargetKind = "user" | "submission" | "exercise";

export const ADMIN_ACTION_TARGET = {
  role_changed: "user",
  admin_created: "user",
  regrade_submission: "submission",
  regrade_exercise: "exercise",
  gradebook_exported: null,
  shell_opened: "submission",
} as const satisfies Record<AdminActionKind, AdminTargetKind | null>;

export const ADMIN_ACTION_DETAILS = {
  role_changed: z.object({ from: roleSchema, to: roleSchema }).strict(),
  // `promoted`: the email already had an account, which became an admin; otherwise a new account was made.
  admin_created: z.object({ email: z.string(), promoted: z.boolean(), from: roleSchema.nullable() }).strict(),
  regrade_submission: z
    .object({ batchId: z.string(), exerciseSlug: z.string(), exerciseTitle: z.string(), regradeId: z.string() })
    .strict(),
  regrade_exercise: z.object({ batchId: z.string(), submissions: countSchema.min(1) }).strict(),
  gradebook_exported: z
    .object({ format: z.enum(["csv", "json"]), learners: countSchema, columns: countSchema })
    .strict(),
  shell_opened: z.object({ shellId: z.string(), exerciseSlug: z.string(), exerciseTitle: z.string() }).strict(),
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
};

export type { AdminActionKind };
