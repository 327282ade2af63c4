import { z } from "zod";
import { ASSIGNMENT_KINDS } from "../content/item-kinds";
import { pool } from "../db/pool";
import { listGradedLabs } from "../labs/load-lab";
import { gradedAttempts } from "../submissions/graded-attempts";
import { type LearnerAssignment, learnerAssignments } from "./deadlines";
import { type Credit, creditAt, latePolicySchema } from "./late-policy";

/**
 * What an assignment's work earns once the late policy applies: the one owner of "credited score", read by the
 * gradebook, the assignments page's counts, the learner's "What's due" page and an attempt's report.
 *
 * An exercise counts its best graded attempt after each attempt's credit (score × credit at the time the learner
 * submitted it, a re-grade counting at its original's time); a quiz its best attempt the same way (correct / total);
 * a lab the share of its tasks done, each task credited at the time it was done. An override set by staff replaces
 * the computed score whatever the work. An exercise's score that comes from an attempt handed in after the learner
 * first asked for the reference solution (lib/solutions/solution.ts) says so: it counts, and staff see it marked.
 *
 * No "server-only" marker (nor on what it reads): the LMS score sender scores what it sends (lib/lti/score-sync.ts),
 * and it runs in scripts/web-server.ts, outside Next.js's server bundles, where the marker throws.
 */

export type AssignmentStatus = "done" | "late" | "missing" | "open";

export interface ScoreOverride {
  score: number;
  reason: string;
}

/** One learner's standing on one assignment. */
export interface AssignmentScore {
  /** Percent, 0–100 with one decimal: the override's, else `computed`; null with neither. */
  score: number | null;
  /** The best credited work, before any override; null without work that has a score. */
  computed: number | null;
  /** The credit of the work `computed` comes from: "on time", "1 day 4 hours late: 80 %". */
  credit: Credit | null;
  override: ScoreOverride | null;
  /**
   * When the learner first asked for the exercise's reference solution, if the attempt `computed` comes from was
   * handed in after that; else null.
   */
  afterSolution: Date | null;
  /**
   * done: handed in by the learner's due date (or overridden); late: handed in only after it; missing: nothing handed
   * in and the due date has passed; open: nothing yet, still time. Handed in is a graded attempt at an exercise, an
   * attempt at a quiz, or every task of a lab.
   */
  status: AssignmentStatus;
}

const targetRowSchema = z.object({
  assignmentId: z.string(),
  userId: z.string(),
  kind: z.enum(ASSIGNMENT_KINDS),
  itemSlug: z.string(),
  /** The learner's own due date (their extension's, else the class's). */
  dueAt: z.date(),
  latePolicy: latePolicySchema,
  overrideScore: z.number().int().nullable(),
  overrideReason: z.string().nullable(),
});

/** What scoring needs of one learner's assignment. */
export type ScoreTarget = Omit<z.infer<typeof targetRowSchema>, "overrideScore" | "overrideReason"> & {
  override: ScoreOverride | null;
};

/**
 * Every (assignment, learner) pair of the given classes, each with the learner's due date and override. The due date
 * is read as `learnerAssignments` reads it (an extension replaces the class's), for many learners at once.
 */
export async function classScoreTargets(classIds: string[], userIds: string[] | null = null): Promise<ScoreTarget[]> {
  if (classIds.length === 0) return [];
  const { rows } = await pool().query(
    `SELECT a.id AS "assignmentId", m."userId", a.kind::text AS kind, a."itemSlug",
            COALESCE(e."dueAt", a."dueAt") AS "dueAt", a."latePolicy",
            o.score AS "overrideScore", o.reason AS "overrideReason"
       FROM assignment a
       JOIN class_member m ON m."classId" = a."classId" AND m.role = 'learner'
       LEFT JOIN assignment_extension e ON e."assignmentId" = a.id AND e."userId" = m."userId"
       LEFT JOIN score_override o ON o."assignmentId" = a.id AND o."userId" = m."userId"
      WHERE a."classId" = ANY($1::text[]) AND ($2::text[] IS NULL OR m."userId" = ANY($2::text[]))`,
    [classIds, userIds],
  );
  return z
    .array(targetRowSchema)
    .parse(rows)
    .map(({ overrideScore, overrideReason, ...row }) => ({
      ...row,
      override: overrideScore === null ? null : { score: overrideScore, reason: overrideReason ?? "" },
    }));
}

/** The key of one learner's assignment in `scoreAssignments`' answer. */
export function scoreKey(assignmentId: string, userId: string): string {
  return `${assignmentId}:${userId}`;
}

interface Work {
  at: Date;
  /** 0 to 1. */
  score: number;
}

/** Scores every target; the answer is keyed by `scoreKey`. */
export async function scoreAssignments(
  targets: ScoreTarget[],
  now = new Date(),
): Promise<Map<string, AssignmentScore>> {
  const exerciseTargets = targets.filter((t) => t.kind === "exercise");
  const [exerciseWork, solutionsSeen, quizWork, labWork] = await Promise.all([
    readExerciseWork(exerciseTargets),
    readSolutionsSeen(exerciseTargets),
    readQuizWork(targets.filter((t) => t.kind === "quiz")),
    readLabWork(targets.filter((t) => t.kind === "lab")),
  ]);
  const scores = new Map<string, AssignmentScore>();
  for (const target of targets) {
    const workKey = `${target.userId}:${target.itemSlug}`;
    const computed =
      target.kind === "lab"
        ? labScore(target, labWork.get(workKey))
        : bestCredited(target, (target.kind === "exercise" ? exerciseWork : quizWork).get(workKey) ?? []);
    const seenAt = target.kind === "exercise" ? solutionsSeen.get(workKey) : undefined;
    const afterSolution = seenAt && computed.at && computed.at >= seenAt ? seenAt : null;
    scores.set(scoreKey(target.assignmentId, target.userId), withOverride(target, computed, afterSolution, now));
  }
  return scores;
}

interface Computed {
  computed: number | null;
  credit: Credit | null;
  /** When the work counted as handed in; null: not yet. */
  handedInAt: Date | null;
  /** When the attempt `computed` comes from was handed in (exercises and quizzes); null: none, or a lab. */
  at: Date | null;
}

function withOverride(
  target: ScoreTarget,
  { computed, credit, handedInAt }: Computed,
  afterSolution: Date | null,
  now: Date,
): AssignmentScore {
  const status: AssignmentStatus = target.override
    ? "done"
    : handedInAt
      ? handedInAt.getTime() <= target.dueAt.getTime()
        ? "done"
        : "late"
      : now.getTime() > target.dueAt.getTime()
        ? "missing"
        : "open";
  return {
    score: target.override?.score ?? computed,
    computed,
    credit,
    override: target.override,
    afterSolution,
    status,
  };
}

/** The best of the attempts after each one's credit; the earliest of equals, so its reason is the kindest. */
function bestCredited(target: ScoreTarget, work: Work[]): Computed {
  let best: { value: number; credit: Credit; at: Date } | null = null;
  const inOrder = [...work].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const w of inOrder) {
    const credit = creditAt(target.latePolicy, target.dueAt, w.at);
    const value = (w.score * credit.credit) / 100;
    if (!best || value > best.value) best = { value, credit, at: w.at };
  }
  return {
    computed: best ? toPercent(best.value) : null,
    credit: best?.credit ?? null,
    handedInAt: inOrder[0]?.at ?? null,
    at: best?.at ?? null,
  };
}

interface LabWork {
  /** The lab's tasks today (a task it no longer has does not count). */
  taskCount: number;
  done: Date[];
}

function labScore(target: ScoreTarget, work: LabWork | undefined): Computed {
  if (!work || work.done.length === 0 || work.taskCount === 0)
    return { computed: null, credit: null, handedInAt: null, at: null };
  const credits = work.done.map((at) => creditAt(target.latePolicy, target.dueAt, at));
  const earned = credits.reduce((sum, c) => sum + c.credit / 100, 0);
  const late = credits.filter((c) => c.late);
  const average = Math.round((earned / work.done.length) * 100);
  const reason =
    late.length === 0
      ? "on time"
      : `${late.length} of ${work.done.length} tasks done late (${late.map((c) => c.reason).join("; ")})`;
  const allDone = work.done.length === work.taskCount;
  return {
    computed: toPercent(earned / work.taskCount),
    credit: { credit: average, reason, late: late.length > 0 },
    handedInAt: allDone ? new Date(Math.max(...work.done.map((d) => d.getTime()))) : null,
    at: null,
  };
}

/** The gradebook's one rounding: a 0–1 fraction as a percentage with at most one decimal. */
export function toPercent(fraction: number): number {
  return Math.round(fraction * 1000) / 10;
}

/** The rows `sql` reads for the targets' learners ($1) and items ($2); none without targets. */
async function readFor(targets: ScoreTarget[], sql: string): Promise<unknown[]> {
  if (targets.length === 0) return [];
  const ids = (key: "userId" | "itemSlug") => [...new Set(targets.map((t) => t[key]))];
  return (await pool().query(sql, [ids("userId"), ids("itemSlug")])).rows;
}

function groupWork<T>(rows: Array<{ userId: string; slug: string } & T>): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const { userId, slug, ...rest } of rows) {
    const key = `${userId}:${slug}`;
    grouped.set(key, [...(grouped.get(key) ?? []), rest as unknown as T]);
  }
  return grouped;
}

const workRowSchema = z.object({ userId: z.string(), slug: z.string(), at: z.date(), score: z.number().min(0).max(1) });

/** Own graded attempts with a numeric score, each at the time the learner submitted it (see GRADED_ATTEMPTS). */
async function readExerciseWork(targets: ScoreTarget[]): Promise<Map<string, Work[]>> {
  const rows = await readFor(
    targets,
    `WITH ${gradedAttempts(`s."userId" = ANY($1::text[]) AND s."exerciseSlug" = ANY($2::text[])`)}
     SELECT "userId", "exerciseSlug" AS slug, "submittedAt" AS at, score FROM (
       SELECT "userId", "exerciseSlug", "submittedAt",
              jsonb_path_query_first(result, '$.score ? (@.type() == "number")')::float8 AS score
         FROM graded_attempt WHERE status IN ('passed', 'failed')
     ) scored WHERE score IS NOT NULL`,
  );
  return groupWork(z.array(workRowSchema).parse(rows));
}

/** When each learner first asked for each exercise's reference solution, keyed as the work is. */
async function readSolutionsSeen(targets: ScoreTarget[]): Promise<Map<string, Date>> {
  const rows = await readFor(
    targets,
    `SELECT "userId", "exerciseSlug" AS slug, "seenAt" FROM solution_seen
      WHERE "userId" = ANY($1::text[]) AND "exerciseSlug" = ANY($2::text[])`,
  );
  const parsed = z.array(z.object({ userId: z.string(), slug: z.string(), seenAt: z.date() })).parse(rows);
  return new Map(parsed.map((row) => [`${row.userId}:${row.slug}`, row.seenAt]));
}

async function readQuizWork(targets: ScoreTarget[]): Promise<Map<string, Work[]>> {
  const rows = await readFor(
    targets,
    `SELECT "userId", "lessonSlug" AS slug, "createdAt" AS at, correct::float8 / total AS score FROM quiz_attempt
      WHERE "userId" = ANY($1::text[]) AND "lessonSlug" = ANY($2::text[]) AND total > 0`,
  );
  return groupWork(z.array(workRowSchema).parse(rows));
}

async function readLabWork(targets: ScoreTarget[]): Promise<Map<string, LabWork>> {
  if (targets.length === 0) return new Map();
  const [labs, rows] = await Promise.all([
    listGradedLabs(),
    readFor(
      targets,
      `SELECT "userId", "labSlug" AS slug, "taskId", "doneAt" FROM lab_task_done
        WHERE "userId" = ANY($1::text[]) AND "labSlug" = ANY($2::text[])`,
    ),
  ]);
  const tasksOf = new Map(labs.map((l) => [l.slug, new Set(l.spec.tasks.map((t) => t.id))]));
  const work = new Map<string, LabWork>();
  const parsed = z
    .array(z.object({ userId: z.string(), slug: z.string(), taskId: z.string(), doneAt: z.date() }))
    .parse(rows);
  for (const row of parsed) {
    const tasks = tasksOf.get(row.slug);
    if (!tasks?.has(row.taskId)) continue;
    const key = `${row.userId}:${row.slug}`;
    const entry = work.get(key) ?? { taskCount: tasks.size, done: [] };
    entry.done.push(row.doneAt);
    work.set(key, entry);
  }
  return work;
}

/** A learner's assignments (soonest due first) with what their work earns so far. */
export async function learnerAssignmentScores(
  userId: string,
  now = new Date(),
): Promise<Array<{ assignment: LearnerAssignment; score: AssignmentScore }>> {
  const assignments = await learnerAssignments(userId);
  if (assignments.length === 0) return [];
  const { rows } = await pool().query(
    `SELECT "assignmentId", score, reason FROM score_override WHERE "userId" = $1 AND "assignmentId" = ANY($2::text[])`,
    [userId, assignments.map((a) => a.id)],
  );
  const overrides = new Map(
    z
      .array(z.object({ assignmentId: z.string(), score: z.number().int(), reason: z.string() }))
      .parse(rows)
      .map((o) => [o.assignmentId, { score: o.score, reason: o.reason }]),
  );
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
export async function attemptCredits(
  userId: string,
  exerciseSlug: string,
  submittedAt: Date,
): Promise<Array<{ className: string; dueAt: Date; credit: Credit }>> {
  const assignments = await learnerAssignments(userId, { kind: "exercise", itemSlug: exerciseSlug });
  return assignments.map((a) => ({
    className: a.className,
    dueAt: a.dueAt,
    credit: creditAt(a.latePolicy, a.dueAt, submittedAt),
  }));
}
