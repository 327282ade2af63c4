import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { learnersInView, type StaffScope } from "../access/staff-scope";
import { boundedName } from "../auth/account-limits";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { assertMayAct } from "../learner-access/learner-access";
import type { Hint } from "./exercise-schema";
import { loadExercise } from "./load-exercise";

/** How a learner came by a hint: it opened after their failed attempts, or they asked for it before that. */
export type HintHow = "attempts" | "request";

/** What a learner may see of an exercise's hints: the open ones' texts, and of the locked ones only how many. */
export type HintsView = Awaited<ReturnType<typeof learnerHints>>;

/**
 * The learner's failed attempts: their own submissions that failed. An instructor's re-grade is not an attempt of
 * theirs, so its failure never opens a hint (and a re-grade that passes an attempt closes none).
 */
async function failedAttempts(userId: string, slug: string): Promise<number> {
  const { n } = await typedSql(pool())
    .selectFrom("submission")
    .select(sql<number>`count(*)::int`.as("n"))
    .where((w) => w.and({ userId, exerciseSlug: slug, regradeOfId: null, status: "failed" }))
    .executeTakeFirstOrThrow();
  return n;
}

async function usedHints(userId: string, slug: string): Promise<Map<number, HintHow>> {
  const uses = typedSql(pool()).selectFrom("hint_use").select(["hintIndex", "how"]);
  const rows = await uses.where((w) => w.and({ userId, exerciseSlug: slug })).execute();
  return new Map(rows.map((r) => [r.hintIndex, r.how as HintHow]));
}

/**
 * How many hints are open: the longest run from the first where each was used before or its failures are reached.
 * Hints open in order, so a row left by a hint the author has since moved never opens one out of turn.
 */
function openCount(hints: readonly Hint[], used: ReadonlyMap<number, HintHow>, failures: number): number {
  let count = 0;
  while (count < hints.length) {
    const after = hints[count]!.afterFailures;
    if (!used.has(count) && (after === undefined || failures < after)) break;
    count++;
  }
  return count;
}

async function record(userId: string, slug: string, indexes: number[], how: HintHow): Promise<void> {
  if (indexes.length === 0) return;
  const uses = indexes.map((hintIndex) => ({ userId, exerciseSlug: slug, hintIndex, how }));
  await typedSql(pool())
    .insertInto("hint_use")
    .values(uses)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The hints a learner has open (always the first few, `index` their place in exercise.yaml's list), and what is
 * left: `next` opens by itself after `afterMoreFailures` more failed attempts, or only on request without it. A
 * hint their failed attempts have opened is recorded (as "attempts") the first time it is shown, so the instructor
 * sees who read it.
 */
export async function learnerHints(userId: string, slug: string) {
  const exercise = await loadExercise(slug);
  // Closed while a timed assessment runs: asking for one (requestHint) reads this first, so it is refused too.
  await assertMayAct(userId, { kind: "exercise", itemSlug: exercise.slug }, "see-hint");
  const hints = exercise.spec.hints;
  const [failures, used] = await Promise.all([failedAttempts(userId, slug), usedHints(userId, slug)]);
  const count = openCount(hints, used, failures);
  const unrecorded = hints.slice(0, count).flatMap((_, i) => (used.has(i) ? [] : [i]));
  await record(userId, exercise.slug, unrecorded, "attempts");
  // Read again: a request that raced this recording decides how the hint was come by.
  const how = unrecorded.length > 0 ? await usedHints(userId, slug) : used;
  const after = hints[count]?.afterFailures;
  return {
    exercise: exercise.slug,
    open: hints.slice(0, count).map((h, index) => ({ index, text: h.text, how: how.get(index) ?? "attempts" })),
    total: hints.length,
    remaining: hints.length - count,
    failures,
    ...(count < hints.length
      ? { next: { index: count, ...(after === undefined ? {} : { afterMoreFailures: after - failures }) } }
      : {}),
  };
}

/** The body of a request for a hint: the one the learner saw offered, so a second click never opens two. */
export const hintRequestSchema = z.object({ index: z.number().int().min(0).max(100) }).strict();

/**
 * Opens the next locked hint on the learner's request, recorded as "request". Only the next one: hints open in
 * order. Asking again for one already open answers the same view (a double click); asking past the next is refused.
 */
export async function requestHint(userId: string, slug: string, index: number): Promise<HintsView> {
  const view = await learnerHints(userId, slug);
  if (index < view.open.length) return view;
  if (view.total === 0) throw new RequestError("CONFLICT", "This exercise has no hints.");
  if (!view.next) throw new RequestError("CONFLICT", "Every hint of this exercise is open already.");
  if (index > view.next.index)
    throw new RequestError(
      "CONFLICT",
      `Hints open in order: hint ${view.next.index + 1} comes before hint ${index + 1}.`,
      { next: view.next.index },
    );
  await record(userId, view.exercise, [index], "request");
  return learnerHints(userId, slug);
}

/**
 * For staff: per hint of the exercise, who has it open and how, among the learners the page shows (one class with
 * `classId`, else every class the person teaches; everyone for an admin).
 */
export async function hintUsage(scope: StaffScope, slug: string, classId: string | null) {
  const exercise = await loadExercise(slug);
  const learners = await learnersInView(scope, classId);
  const uses = await typedSql(pool())
    .selectFrom("hint_use as h")
    .innerJoin("user as u", "u.id", "h.userId")
    .select(["h.hintIndex", "h.how", "h.usedAt", "u.id as userId", "u.name"])
    .where("h.exerciseSlug", "=", exercise.slug)
    .$if(learners !== null, (q) => q.where("h.userId", "=", sql<string>`ANY(${learners}::text[])`))
    .orderBy("h.hintIndex")
    .orderBy("h.usedAt")
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
  return exercise.spec.hints.map((hint, index) => ({
    index,
    text: hint.text,
    ...(hint.afterFailures === undefined ? {} : { afterFailures: hint.afterFailures }),
    users: uses
      .filter((u) => u.hintIndex === index)
      .map((u) => ({ userId: u.userId, name: boundedName(u.name), how: u.how as HintHow, usedAt: u.usedAt })),
  }));
}

/** Per hint, who has it open, earliest first. */
export type HintUsage = Awaited<ReturnType<typeof hintUsage>>[number];
