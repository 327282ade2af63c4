import { z } from "zod";
import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";
import { pool } from "../db/pool";
import { creditEndsAt, earlyCreditSchema, latePolicySchema } from "./late-policy";

/** An assignment as one learner has it: their own due date (an extension replaces the class's). */
const rowSchema = z.object({
  id: z.string(),
  classId: z.string(),
  className: z.string(),
  kind: z.enum(ASSIGNMENT_KINDS),
  /** The exercise's or lab's slug, or the lesson's for its quiz. */
  itemSlug: z.string(),
  opensAt: z.date().nullable(),
  /** The learner's due date: their extension's, else the class's. */
  dueAt: z.date(),
  /** The class's due date, when an extension moved this learner's. */
  classDueAt: z.date(),
  extended: z.boolean(),
  latePolicy: latePolicySchema,
  earlyCredit: earlyCreditSchema,
  /** When the learner joined the class. */
  joinedAt: z.date(),
});
export type LearnerAssignment = z.infer<typeof rowSchema>;

/**
 * The assignments of the classes a learner is in (as a learner), soonest due first; one item's only when `item` is
 * given. The one owner of "when is this due for this learner".
 */
export async function learnerAssignments(
  userId: string,
  item?: { kind: AssignmentKind; itemSlug: string },
): Promise<LearnerAssignment[]> {
  const { rows } = await pool().query(
    `SELECT a.id, a."classId", c.name AS "className", a.kind::text AS kind, a."itemSlug", a."opensAt",
            COALESCE(e."dueAt", a."dueAt") AS "dueAt", a."dueAt" AS "classDueAt", e."dueAt" IS NOT NULL AS extended,
            a."latePolicy", a."earlyCredit", m."joinedAt"
       FROM class_member m
       JOIN class c ON c.id = m."classId"
       JOIN assignment a ON a."classId" = m."classId"
       LEFT JOIN assignment_extension e ON e."assignmentId" = a.id AND e."userId" = m."userId"
      WHERE m."userId" = $1 AND m.role = 'learner'
        AND ($2::text IS NULL OR (a.kind::text = $2 AND a."itemSlug" = $3))
      ORDER BY 7, a.id`,
    [userId, item?.kind ?? null, item?.itemSlug ?? null],
  );
  return z.array(rowSchema).parse(rows);
}

/**
 * Whether the due dates alone let a learner see an item's model solution: every assignment of it in their classes
 * has stopped earning credit (its late steps are over too), so the solution cannot be handed in for credit in any
 * of them, and they were in at least one of those classes before its credit ended. A class joined after its
 * deadline opens nothing: otherwise joining last term's class would hand over the solution to this term's
 * assignment, assigned later. An item nobody assigned them never opens this way (passing it still does).
 */
export function solutionOpenByDeadlines(assignments: LearnerAssignment[], now: Date): boolean {
  const ends = assignments.map((a) => ({ a, end: creditEndsAt(a.latePolicy, a.dueAt) }));
  if (ends.length === 0 || ends.some(({ end }) => end === null || now.getTime() <= end.getTime())) return false;
  return ends.some(({ a, end }) => a.joinedAt.getTime() <= end!.getTime());
}
