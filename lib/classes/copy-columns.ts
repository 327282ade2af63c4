import type { Prisma } from "../generated/prisma/client";

/*
 * What copying a class to the next term (next-term.ts) does with each column of a class and of an assignment. Every
 * column is named, so a new one is copied, or not, by a decision: TypeScript refuses a table that misses one. What
 * belongs to one learner is in rows of other tables, which stay with the old class.
 */

/** The old row's value, a date shifted, a value the copy gives, the time of the copy, or the column's default. */
export type ColumnCopy = "copy" | "shift" | "given" | "now" | "default";

export const CLASS_COLUMNS: Record<Prisma.ClassScalarFieldEnum, ColumnCopy> = {
  id: "given",
  // The copy form asks for the new class's name and term.
  name: "given",
  term: "given",
  // A new join code: last term's learners must not land in this term's class with the old one.
  joinCode: "given",
  // The copier made it.
  createdById: "given",
  createdAt: "default",
  // A copy of an archived class (last year's, typically) is a class to teach: not archived.
  archivedAt: "default",
};

export const ASSIGNMENT_COLUMNS: Record<Prisma.AssignmentScalarFieldEnum, ColumnCopy> = {
  id: "given",
  classId: "given",
  kind: "copy",
  itemSlug: "copy",
  opensAt: "shift",
  dueAt: "shift",
  latePolicy: "copy",
  earlyCredit: "copy",
  timeLimitMinutes: "copy",
  createdAt: "now",
  // Prisma sets it on every write; the column itself has no default.
  updatedAt: "now",
};
