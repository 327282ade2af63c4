import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { earlyWindow, scoreAssignments, scoreKey } from "./assignment-scores";
import { learnerAssignments } from "./deadlines";
import { creditAt } from "./late-policy";

/** A learner's assignments (soonest due first) with what their work earns so far. */
export async function learnerAssignmentScores(userId: string, now = new Date()) {
  const assignments = await learnerAssignments(userId);
  if (assignments.length === 0) return [];
  const rows = await typedSql(pool())
    .selectFrom("score_override")
    .select(["assignmentId", "score", "reason"])
    .where(sql<boolean>`"userId" = ${userId} AND "assignmentId" = ANY(${assignments.map((a) => a.id)}::text[])`)
    .execute();
  const overrides = new Map(rows.map(({ assignmentId, ...o }) => [assignmentId, o]));
  const scores = await scoreAssignments(
    assignments.map((a) => ({ ...a, assignmentId: a.id, userId, override: overrides.get(a.id) ?? null })),
    now,
  );
  return assignments.map((assignment) => ({
    assignment,
    // Every target was scored above.
    score: scores.get(scoreKey(assignment.id, userId))!,
  }));
}

/** What an exercise attempt submitted at `submittedAt` earns in each class that assigns the exercise to the learner. */
export async function attemptCredits(userId: string, exerciseSlug: string, submittedAt: Date) {
  const assignments = await learnerAssignments(userId, { kind: "exercise", itemSlug: exerciseSlug });
  return assignments.map((a) => ({
    className: a.className,
    dueAt: a.dueAt,
    credit: creditAt(a.latePolicy, a.dueAt, submittedAt, earlyWindow(a)),
  }));
}
