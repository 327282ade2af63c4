import { sql } from "kysely";
import type { AssignmentKind } from "../content/item-kinds";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { creditEndsAt, earlyCreditSchema, latePolicySchema } from "./late-policy";

/**
 * An assignment as one learner has it: `dueAt` their own (their extension's, else `classDueAt`); `itemSlug` a
 * quiz's lesson's; `joinedAt` when they joined the class.
 */
export type LearnerAssignment = Awaited<ReturnType<typeof learnerAssignments>>[number];

/**
 * The assignments of the classes a learner is in (as a learner), soonest due first; one item's only when `item` is
 * given. The one owner of "when is this due for this learner".
 */
export async function learnerAssignments(userId: string, item?: { kind: AssignmentKind; itemSlug: string }) {
  const rows = await typedSql(pool())
    .selectFrom("class_member as m")
    .innerJoin("class as c", "c.id", "m.classId")
    .innerJoin("assignment as a", "a.classId", "m.classId")
    .leftJoin("assignment_extension as e", (j) =>
      j.onRef("e.assignmentId", "=", "a.id").onRef("e.userId", "=", "m.userId"),
    )
    .select(["a.id", "a.classId", "c.name as className", "a.kind", "a.itemSlug", "a.opensAt", "a.dueAt as classDueAt"])
    .select((eb) => [
      eb.fn.coalesce("e.dueAt", "a.dueAt").as("dueAt"),
      sql<boolean>`e."dueAt" IS NOT NULL`.as("extended"),
    ])
    .select(["a.latePolicy", "a.earlyCredit", "m.joinedAt"])
    .where(sql<boolean>`m."userId" = ${userId} AND m.role = 'learner'`)
    .$if(item !== undefined, (q) => q.where("a.kind", "=", item!.kind).where("a.itemSlug", "=", item!.itemSlug))
    .orderBy("dueAt")
    .orderBy("a.id")
    .execute();
  return rows.map(({ latePolicy, earlyCredit, ...row }) => ({
    ...row,
    latePolicy: latePolicySchema.parse(latePolicy),
    earlyCredit: earlyCreditSchema.parse(earlyCredit),
  }));
}

/**
 * Whether the due dates alone open an item's model solution: every assignment of it has stopped earning credit, and
 * the learner joined one of those classes before its credit ended (else joining last term's class would open it).
 */
export function solutionOpenByDeadlines(assignments: LearnerAssignment[], now: Date): boolean {
  const ends = assignments.map((a) => ({ a, end: creditEndsAt(a.latePolicy, a.dueAt) }));
  if (ends.length === 0 || ends.some(({ end }) => end === null || now.getTime() <= end.getTime())) return false;
  return ends.some(({ a, end }) => a.joinedAt.getTime() <= end!.getTime());
}
