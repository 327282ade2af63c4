import { z } from "zod";
import { ASSIGNMENT_KINDS } from "../content/item-kinds";
import { pool } from "../db/pool";
import { listGradedLabs } from "../labs/load-lab";
import { type RubricStanding, readRubricStandings } from "../rubrics/rubric-standings";
import { gradedAttempts } from "../submissions/graded-attempts";
import { countedTimes, countedWork, type TimedScoring, timedScoring } from "../timed/timed-scoring";
import { type LearnerAssignment, learnerAssignments } from "./deadlines";
import { type Credit, creditAt, type EarlyCredit, earlyCreditSchema, latePolicySchema } from "./late-policy";

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
  /**
   * Percent, 0–100 with one decimal (up to 200 with early credit): the override's, else `computed`; null with
   * neither.
   */
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
  /** An exercise assignment's rubric that counts (lib/rubrics/), with staff's grade by it; absent without one. */
  rubric?: RubricStanding;
  /** Set when work is handed in but staff have not graded it by the rubric yet: no score until they do. */
  awaitingGrading?: true;
}

const targetRowSchema = z.object({
  assignmentId: z.string(),
  userId: z.string(),
  kind: z.enum(ASSIGNMENT_KINDS),
  itemSlug: z.string(),
  /** The learner's own due date (their extension's, else the class's). */
  dueAt: z.date(),
  /** The class's due date, from which early credit counts back (late-policy.ts's EarlyWindow). */
  classDueAt: z.date(),
  latePolicy: latePolicySchema,
  earlyCredit: earlyCreditSchema,
  overrideScore: z.number().int().nullable(),
  overrideReason: z.string().nullable(),
});

/** What scoring needs of one learner's assignment. */
export type ScoreTarget = Omit<
  z.infer<typeof targetRowSchema>,
  "overrideScore" | "overrideReason" | "classDueAt" | "earlyCredit"
> & {
  override: ScoreOverride | null;
  /** Left out, no early credit (an item no class assigned is scored at full credit, with no bonus). */
  earlyCredit?: EarlyCredit;
  /** Left out, early credit counts back from `dueAt`. */
  classDueAt?: Date;
};

/**
 * Every (assignment, learner) pair of the given classes, each with the learner's due date and override. The due date
 * is read as `learnerAssignments` reads it (an extension replaces the class's), for many learners at once.
 */
export async function classScoreTargets(classIds: string[], userIds: string[] | null = null): Promise<ScoreTarget[]> {
  if (classIds.length === 0) return [];
  const { rows } = await pool().query(
    `SELECT a.id AS "assignmentId", m."userId", a.kind::text AS kind, a."itemSlug",
            COALESCE(e."dueAt", a."dueAt") AS "dueAt", a."dueAt" AS "classDueAt", a."latePolicy", a."earlyCredit",
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
  const [exerciseWork, solutionsSeen, quizWork, labWork, rubrics] = await Promise.all([
    readExerciseWork(exerciseTargets),
    readSolutionsSeen(exerciseTargets),
    readQuizWork(targets.filter((t) => t.kind === "quiz")),
    readLabWork(targets.filter((t) => t.kind === "lab")),
    readRubricStandings(exerciseTargets),
  ]);
  // A timed assignment counts only the work inside the learner's window (lib/timed/timed-scoring.ts).
  const timing = await timedScoring(targets);
  const scores = new Map<string, AssignmentScore>();
  for (const target of targets) {
    const workKey = `${target.userId}:${target.itemSlug}`;
    const timed = timing(target.assignmentId, target.userId);
    const lab = labWork.get(workKey);
    const computed =
      target.kind === "lab"
        ? labScore(target, lab && { ...lab, done: countedTimes(timed, lab.done) })
        : bestCredited(
            target,
            countedWork(timed, (target.kind === "exercise" ? exerciseWork : quizWork).get(workKey) ?? []),
          );
    const seenAt = target.kind === "exercise" ? solutionsSeen.get(workKey) : undefined;
    const afterSolution = seenAt && computed.at && computed.at >= seenAt ? seenAt : null;
    const key = scoreKey(target.assignmentId, target.userId);
    const rubric = inWindow(rubrics.get(key), timed);
    scores.set(
      key,
      rubric
        ? withRubric(target, computed, rubric, (c) => withOverride(target, c, afterSolution, now))
        : withOverride(target, computed, afterSolution, now),
    );
  }
  return scores;
}

/** A rubric's part of a score: its share (percent), full marks, the points earned (null: not graded), its credit. */
export interface RubricPart {
  share: number;
  possible: number;
  earned: number | null;
  /** The late credit (percent) of the attempt staff graded. */
  credit: number;
}

/**
 * The one rule of how a rubric counts with the automatic score (docs/classes.md, "Rubrics and manual grading"):
 * - the rubric's percent is the points earned over full marks (the positive items' sum), kept within 0–100 %, times
 *   the late credit of the attempt staff graded;
 * - alone (`share` 100) it is the score; combined, the score is (100 − share) % of the automatic score (already
 *   credited) plus `share` % of the rubric's;
 * - not graded yet: no score, and `awaitingGrading` when the learner has handed work in; combined with no automatic
 *   score (the attempt graded has none): no score.
 * Full marks of 0 or a share outside 1–100 cannot be scored: the writers refuse them, so meeting one is a fault.
 */
export function combineWithRubric(
  automatic: number | null,
  rubric: RubricPart,
): { score: number | null; awaitingGrading: boolean } {
  if (!(rubric.possible > 0) || !Number.isInteger(rubric.share) || rubric.share < 1 || rubric.share > 100)
    throw new Error(`A rubric with full marks ${rubric.possible} and share ${rubric.share} % cannot be scored.`);
  if (rubric.earned === null) return { score: null, awaitingGrading: automatic !== null };
  const own = (Math.min(Math.max(rubric.earned / rubric.possible, 0), 1) * rubric.credit) / 100;
  if (rubric.share === 100) return { score: toPercent(own), awaitingGrading: false };
  if (automatic === null) return { score: null, awaitingGrading: false };
  return {
    score: toPercent(((100 - rubric.share) * (automatic / 100) + rubric.share * own) / 100),
    awaitingGrading: false,
  };
}

/**
 * A timed assignment's rubric grade counts only when the attempt staff graded is one the window counts, and then as
 * at the window's start, as the automatic score's attempts do (lib/timed/timed-scoring.ts); otherwise it is as if
 * not graded. Staff are refused such a grade (lib/rubrics/rubrics.ts); this holds when the timing changed after.
 */
function inWindow(rubric: RubricStanding | undefined, timed: TimedScoring): RubricStanding | undefined {
  if (!rubric?.grade) return rubric;
  const [at] = countedTimes(timed, [rubric.grade.attemptAt]);
  return { ...rubric, grade: at ? { ...rubric.grade, attemptAt: at } : null };
}

/** An exercise's score with its rubric counted (see `combineWithRubric`); `then` applies the override as usual. */
function withRubric(
  target: ScoreTarget,
  computed: Computed,
  rubric: RubricStanding,
  then: (c: Computed) => AssignmentScore,
): AssignmentScore {
  const attemptAt = rubric.grade?.attemptAt;
  const credit = attemptAt ? creditAt(target.latePolicy, target.dueAt, attemptAt, earlyWindow(target)) : null;
  const { score, awaitingGrading } = combineWithRubric(computed.computed, {
    share: rubric.share,
    possible: rubric.possible,
    earned: rubric.grade?.earned ?? null,
    credit: credit?.credit ?? 100,
  });
  // Alone, the rubric's credit is the one that applied; combined, the automatic score's best attempt keeps its own.
  const shown = rubric.share === 100 && credit ? credit : computed.credit;
  return {
    ...then({ ...computed, computed: score, credit: shown }),
    rubric,
    // An override replaces the score: nothing is awaited then.
    ...(awaitingGrading && !target.override ? { awaitingGrading: true as const } : {}),
  };
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

function earlyWindow(target: Pick<ScoreTarget, "earlyCredit" | "classDueAt">) {
  return { earlyCredit: target.earlyCredit ?? [], classDueAt: target.classDueAt };
}

/** The best of the attempts after each one's credit; the earliest of equals, so its reason is the kindest. */
function bestCredited(target: ScoreTarget, work: Work[]): Computed {
  let best: { value: number; credit: Credit; at: Date } | null = null;
  const inOrder = [...work].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const w of inOrder) {
    const credit = creditAt(target.latePolicy, target.dueAt, w.at, earlyWindow(target));
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
  const credits = work.done.map((at) => creditAt(target.latePolicy, target.dueAt, at, earlyWindow(target)));
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
    credit: creditAt(a.latePolicy, a.dueAt, submittedAt, earlyWindow(a)),
  }));
}
