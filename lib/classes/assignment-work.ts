import { sql } from "kysely";
import type { AssignmentKind } from "../content/item-kinds";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { listGradedLabs } from "../labs/load-lab";
import { gradedAttempts } from "../submissions/graded-attempts";

type WorkTarget = { kind: AssignmentKind; userId: string; itemSlug: string };

export interface Work {
  at: Date;
  /** 0 to 1. */
  score: number;
}

export interface LabWork {
  /** The lab's tasks today (a task it no longer has does not count). */
  taskCount: number;
  done: Date[];
}

/**
 * The learners' work that assignment-scores.ts credits, each map keyed `userId:itemSlug`: graded exercise attempts,
 * when the learner first saw each exercise's reference solution, quiz attempts and lab tasks done.
 */
export async function readWork(targets: WorkTarget[]) {
  const ofKind = (kind: AssignmentKind) => targets.filter((t) => t.kind === kind);
  const [exercise, solutionsSeen, quiz, lab] = await Promise.all([
    readExerciseWork(ofKind("exercise")),
    readSolutionsSeen(ofKind("exercise")),
    readQuizWork(ofKind("quiz")),
    readLabWork(ofKind("lab")),
  ]);
  return { exercise, solutionsSeen, quiz, lab };
}

/** The rows of the targets' learners (column `user`) and items (column `slug`). */
function ofTargets(targets: WorkTarget[], user: string, slug: string) {
  const ids = (key: "userId" | "itemSlug") => sql`${[...new Set(targets.map((t) => t[key]))]}::text[]`;
  return sql<boolean>`${sql.ref(user)} = ANY(${ids("userId")}) AND ${sql.ref(slug)} = ANY(${ids("itemSlug")})`;
}

/** The scored attempts read, grouped by learner and item. */
function grouped(rows: Array<{ userId: string; slug: string } & Work>): Map<string, Work[]> {
  const byKey = new Map<string, Work[]>();
  for (const { userId, slug, ...work } of rows)
    byKey.set(`${userId}:${slug}`, [...(byKey.get(`${userId}:${slug}`) ?? []), work]);
  return byKey;
}

/** Own graded attempts with a numeric score, each at the time the learner submitted it (see GRADED_ATTEMPTS). */
async function readExerciseWork(targets: WorkTarget[]): Promise<Map<string, Work[]>> {
  if (targets.length === 0) return new Map();
  // gradedAttempts' condition, its values bound where it puts it.
  const cte = sql.join(gradedAttempts("\0").split("\0").map(sql.raw), ofTargets(targets, "s.userId", "s.exerciseSlug"));
  const score = sql<number>`jsonb_path_query_first(g.result, '$.score ? (@.type() == "number")')::float8`;
  const rows = await typedSql(pool())
    .selectFrom(sql`(WITH ${cte} SELECT * FROM graded_attempt)`.as("g"))
    .select([sql<string>`g."userId"`.as("userId"), sql<string>`g."exerciseSlug"`.as("slug")])
    .select([sql<Date>`g."submittedAt"`.as("at"), score.as("score")])
    .where(sql<boolean>`g.status IN ('passed', 'failed') AND ${score} IS NOT NULL`)
    .execute();
  return grouped(rows);
}

/** When each learner first asked for each exercise's reference solution, keyed as the work is. */
async function readSolutionsSeen(targets: WorkTarget[]): Promise<Map<string, Date>> {
  if (targets.length === 0) return new Map();
  const rows = await typedSql(pool())
    .selectFrom("solution_seen")
    .select(["userId", "exerciseSlug", "seenAt"])
    .where(ofTargets(targets, "userId", "exerciseSlug"))
    .execute();
  return new Map(rows.map((row) => [`${row.userId}:${row.exerciseSlug}`, row.seenAt]));
}

async function readQuizWork(targets: WorkTarget[]): Promise<Map<string, Work[]>> {
  if (targets.length === 0) return new Map();
  const rows = await typedSql(pool())
    .selectFrom("quiz_attempt")
    .select(["userId", "lessonSlug as slug", "createdAt as at", sql<number>`correct::float8 / total`.as("score")])
    .where(ofTargets(targets, "userId", "lessonSlug"))
    .where("total", ">", 0)
    .execute();
  return grouped(rows);
}

async function readLabWork(targets: WorkTarget[]): Promise<Map<string, LabWork>> {
  if (targets.length === 0) return new Map();
  const [labs, rows] = await Promise.all([
    listGradedLabs(),
    typedSql(pool())
      .selectFrom("lab_task_done")
      .select(["userId", "labSlug", "taskId", "doneAt"])
      .where(ofTargets(targets, "userId", "labSlug"))
      .execute(),
  ]);
  const tasksOf = new Map(labs.map((l) => [l.slug, new Set(l.spec.tasks.map((t) => t.id))]));
  const work = new Map<string, LabWork>();
  for (const row of rows) {
    const tasks = tasksOf.get(row.labSlug);
    if (!tasks?.has(row.taskId)) continue;
    const key = `${row.userId}:${row.labSlug}`;
    work.set(key, { taskCount: tasks.size, done: [...(work.get(key)?.done ?? []), row.doneAt] });
  }
  return work;
}
