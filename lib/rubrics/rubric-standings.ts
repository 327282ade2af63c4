import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import type { RubricMode } from "./rubric-terms";

/**
 * What scoring needs of the rubrics of exercise assignments, for many learners at once: read by
 * lib/classes/assignment-scores.ts, which combines it with the automatic score, and so shown wherever a score is
 * (the gradebook, "What's due", LMS passback).
 *
 * No "server-only" marker: the LMS score sender runs outside Next.js (see assignment-scores.ts).
 */

export interface AppliedItem {
  id: string;
  title: string;
  points: number;
  feedback: string;
}

export interface RubricStanding {
  mode: "rubric" | "combined";
  /** The rubric's percent of the score: 1–99 when combined, 100 alone. */
  share: number;
  /** Full marks: the sum of the items worth positive points. */
  possible: number;
  /** Staff's grade of the learner's work; null: not graded yet. */
  grade: {
    /** The learner's original submission staff graded (a re-grade of it keeps the grade). */
    attemptId: string;
    /** When the learner handed that attempt in: the late credit of the rubric's part is read there. */
    attemptAt: Date;
    /** The points of the applied items, deductions included (may fall below 0 or exceed full marks). */
    earned: number;
    /** The applied items, in the rubric's order. */
    items: AppliedItem[];
    comment: string;
    graderName: string;
    gradedAt: Date;
  } | null;
}

/** Which learner's assignment: keyed as `scoreKey` keys it (`assignmentId:userId`). */
export interface StandingTarget {
  assignmentId: string;
  userId: string;
}

/**
 * The standing of every target whose assignment has a rubric that counts (mode `rubric` or `combined`), keyed
 * `assignmentId:userId`; a target with no such rubric has no entry.
 */
export async function readRubricStandings(targets: StandingTarget[]): Promise<Map<string, RubricStanding>> {
  if (targets.length === 0) return new Map();
  const ids = (key: keyof StandingTarget) => targets.map((t) => t[key]);
  const t = sql`unnest(${ids("assignmentId")}::text[], ${ids("userId")}::text[])`.as<"t">(
    sql`t("assignmentId", "userId")`,
  );
  const possible = sql<number>`(SELECT COALESCE(sum(GREATEST(i.points, 0)), 0)::int FROM rubric_item i
                                 WHERE i."assignmentId" = r."assignmentId")`;
  const item = sql`json_build_object('id', i.id, 'title', i.title, 'points', i.points, 'feedback', i.feedback)`;
  const items = sql<AppliedItem[]>`COALESCE((SELECT json_agg(${item} ORDER BY i.position, i.id)
    FROM rubric_mark m JOIN rubric_item i ON i.id = m."itemId"
   WHERE m."assignmentId" = g."assignmentId" AND m."userId" = g."userId"), '[]'::json)`;
  const rows = await typedSql(pool())
    .selectFrom(t)
    .innerJoin("rubric as r", (j) => j.on(sql<boolean>`r."assignmentId" = t."assignmentId" AND r.mode <> 'none'`))
    .leftJoin("rubric_grade as g", (j) =>
      j.on(sql<boolean>`g."assignmentId" = t."assignmentId" AND g."userId" = t."userId"`),
    )
    .leftJoin("submission as s", "s.id", "g.attemptId")
    .select([sql<string>`t."assignmentId"`.as("assignmentId"), sql<string>`t."userId"`.as("userId"), "r.share"])
    .select([sql<Exclude<RubricMode, "none">>`r.mode`.as("mode"), possible.as("possible"), items.as("items")])
    .select(["g.attemptId", "s.createdAt as attemptAt", "g.comment", "g.graderName", "g.gradedAt"])
    .execute();
  const standings = new Map<string, RubricStanding>();
  for (const row of rows) {
    const graded = row.attemptId !== null && row.attemptAt !== null && row.gradedAt !== null;
    standings.set(`${row.assignmentId}:${row.userId}`, {
      mode: row.mode,
      share: row.share,
      possible: row.possible,
      grade: graded
        ? {
            attemptId: row.attemptId as string,
            attemptAt: row.attemptAt as Date,
            earned: row.items.reduce((sum, i) => sum + i.points, 0),
            items: row.items,
            comment: row.comment ?? "",
            graderName: row.graderName ?? "",
            gradedAt: row.gradedAt as Date,
          }
        : null,
    });
  }
  return standings;
}
