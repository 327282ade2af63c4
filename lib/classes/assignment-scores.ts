import { sql } from "kysely";
import type { AssignmentKind } from "../content/item-kinds";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { type RubricStanding, readRubricStandings } from "../rubrics/rubric-standings";
import { countedTimes, countedWork, type TimedScoring, timedScoring } from "../timed/timed-scoring";
import { type LabWork, readWork, type Work } from "./assignment-work";
import {
  type Credit,
  creditAt,
  type EarlyCredit,
  earlyCreditSchema,
  type LatePolicy,
  latePolicySchema,
} from "./late-policy";

/**
 * What an assignment's work earns once the late policy applies: the one owner of "credited score", read by the
 * gradebook, the assignments page's counts, the learner's "What's due" page and an attempt's report (those two
 * through learner-scores.ts); the work it credits is read by assignment-work.ts.
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

/** What scoring needs of one learner's assignment. */
export interface ScoreTarget {
  assignmentId: string;
  userId: string;
  kind: AssignmentKind;
  itemSlug: string;
  /** The learner's own due date (their extension's, else the class's). */
  dueAt: Date;
  latePolicy: LatePolicy;
  override: ScoreOverride | null;
  /** Left out, no early credit (an item no class assigned is scored at full credit, with no bonus). */
  earlyCredit?: EarlyCredit;
  /** The class's due date, from which early credit counts back (late-policy.ts's EarlyWindow); left out, `dueAt`. */
  classDueAt?: Date;
}

/**
 * Every (assignment, learner) pair of the given classes, each with the learner's due date and override. The due date
 * is read as `learnerAssignments` reads it (an extension replaces the class's), for many learners at once.
 */
export async function classScoreTargets(classIds: string[], userIds: string[] | null = null): Promise<ScoreTarget[]> {
  if (classIds.length === 0) return [];
  const rows = await typedSql(pool())
    .selectFrom("assignment as a")
    .innerJoin("class_member as m", (j) => j.onRef("m.classId", "=", "a.classId").on("m.role", "=", "learner"))
    .leftJoin("assignment_extension as e", (j) =>
      j.onRef("e.assignmentId", "=", "a.id").onRef("e.userId", "=", "m.userId"),
    )
    .leftJoin("score_override as o", (j) => j.onRef("o.assignmentId", "=", "a.id").onRef("o.userId", "=", "m.userId"))
    .select(["a.id as assignmentId", "m.userId", "a.kind", "a.itemSlug", "a.dueAt as classDueAt", "a.latePolicy"])
    .select(["a.earlyCredit", "o.score as overrideScore", "o.reason as overrideReason"])
    .select((eb) => eb.fn.coalesce("e.dueAt", "a.dueAt").as("dueAt"))
    .where("a.classId", "=", sql<string>`ANY(${classIds}::text[])`)
    .where(sql<boolean>`(${userIds}::text[] IS NULL OR m."userId" = ANY(${userIds}::text[]))`)
    .execute();
  return rows.map(({ overrideScore, overrideReason, latePolicy, earlyCredit, ...row }) => ({
    ...row,
    latePolicy: latePolicySchema.parse(latePolicy),
    earlyCredit: earlyCreditSchema.parse(earlyCredit),
    override: overrideScore === null ? null : { score: overrideScore, reason: overrideReason ?? "" },
  }));
}

/** The key of one learner's assignment in `scoreAssignments`' answer. */
export function scoreKey(assignmentId: string, userId: string): string {
  return `${assignmentId}:${userId}`;
}

/** Scores every target; the answer is keyed by `scoreKey`. */
export async function scoreAssignments(
  targets: ScoreTarget[],
  now = new Date(),
): Promise<Map<string, AssignmentScore>> {
  const [work, rubrics] = await Promise.all([
    readWork(targets),
    readRubricStandings(targets.filter((t) => t.kind === "exercise")),
  ]);
  // A timed assignment counts only the work inside the learner's window (lib/timed/timed-scoring.ts).
  const timing = await timedScoring(targets);
  const scores = new Map<string, AssignmentScore>();
  for (const target of targets) {
    const workKey = `${target.userId}:${target.itemSlug}`;
    const timed = timing(target.assignmentId, target.userId);
    const lab = work.lab.get(workKey);
    const computed =
      target.kind === "lab"
        ? labScore(target, lab && { ...lab, done: countedTimes(timed, lab.done) })
        : bestCredited(
            target,
            countedWork(timed, (target.kind === "exercise" ? work.exercise : work.quiz).get(workKey) ?? []),
          );
    const seenAt = target.kind === "exercise" ? work.solutionsSeen.get(workKey) : undefined;
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
  const earned = rubric.grade?.earned ?? null;
  const part = { share: rubric.share, possible: rubric.possible, earned, credit: credit?.credit ?? 100 };
  const { score, awaitingGrading } = combineWithRubric(computed.computed, part);
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
  const due = target.dueAt.getTime();
  let status: AssignmentStatus = now.getTime() > due ? "missing" : "open";
  if (handedInAt) status = handedInAt.getTime() <= due ? "done" : "late";
  if (target.override) status = "done";
  const { override } = target;
  return { score: override?.score ?? computed, computed, credit, override, afterSolution, status };
}

export function earlyWindow(target: Pick<ScoreTarget, "earlyCredit" | "classDueAt">) {
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
