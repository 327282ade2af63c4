import type { Prisma } from "../generated/prisma/client";

/*
 * What copying a class to the next term does with each column of a class and of each assignment
 * (lib/classes/next-term.ts). Every column is named here, so a column added to either model is copied, or not, by a
 * decision: TypeScript refuses a table that misses one (the keys are Prisma's own list of the model's columns), and
 * copy-columns.test.ts says the same at run time. The default for a new setting of an assignment is "copy".
 *
 * What belongs to one learner is never a column of these two tables (extensions, overrides, timed windows and extra
 * time, rubric grades, submissions): those rows stay with the old class. An assignment's rubric is rows of its own,
 * copied by the rubrics' owner.
 */

/**
 * - copy: the old row's value;
 * - shift: a date, moved by the copy's shift (next-term.ts: whole days in the copier's zone, wall-clock kept);
 * - given: a value the copy supplies (a new id, the new class, the new name);
 * - now: the time of the copy;
 * - default: left out, so the column's default (or null) applies.
 */
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
