import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { learnerAssignments, solutionOpenByDeadlines } from "../classes/deadlines";
import { creditEndsAt } from "../classes/late-policy";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { type Exercise, editableFiles, loadExercise, loadSolution } from "../exercises/load-exercise";
import { diffFileSets } from "../file-sets/file-diff";
import { submittedFileSchema } from "../file-sets/validate-files";
import { assertMayAct } from "../learner-access/learner-access";
import { latestSubmission } from "../submissions/get-submission";
import { gradedAttempts } from "../submissions/graded-attempts";

/** Why the reference solution is open to a learner. */
export type SolutionOpenBy = "passed" | "deadline";

export type SolutionAccess =
  | { open: true; by: SolutionOpenBy }
  | {
      open: false;
      /** For the learner, as the page and the API's 403 say it. */
      reason: string;
      /** When the due dates alone will open it; absent when passing is the only way (or credit never ends). */
      opensAt?: Date;
    };

export type ReferenceSolution = Awaited<ReturnType<typeof buildSolution>>;

/** The standing grade of any of the learner's attempts passed (a finished re-grade replaces the original's). */
async function hasPassed(userId: string, slug: string): Promise<boolean> {
  // gradedAttempts' condition, its values bound where it puts it.
  const mine = sql`s."userId" = ${userId} AND s."exerciseSlug" = ${slug}`;
  const cte = sql.join(gradedAttempts("\0").split("\0").map(sql.raw), mine);
  const passed = sql<boolean>`(WITH ${cte} SELECT COALESCE(bool_or(status = 'passed'), false) FROM graded_attempt)`;
  return (await typedSql(pool()).selectNoFrom(passed.as("passed")).executeTakeFirstOrThrow()).passed;
}

/**
 * Whether the learner may see the exercise's reference solution: once they have passed it, or once every class that
 * assigned it to them has stopped giving credit for it (late steps included), so it can earn nothing anywhere.
 */
export async function solutionAccess(userId: string, slug: string, now = new Date()): Promise<SolutionAccess> {
  const exercise = await loadExercise(slug);
  if (await hasPassed(userId, exercise.slug)) return { open: true, by: "passed" };
  const assignments = await learnerAssignments(userId, { kind: "exercise", itemSlug: exercise.slug });
  if (solutionOpenByDeadlines(assignments, now)) return { open: true, by: "deadline" };
  const ends = assignments.map((a) => creditEndsAt(a.latePolicy, a.dueAt));
  if (assignments.length === 0 || ends.some((e) => e === null))
    return {
      open: false,
      reason:
        assignments.length === 0
          ? "The reference solution opens once you pass this exercise."
          : "The reference solution opens once you pass this exercise: your class accepts late work for it for ever.",
    };
  const opensAt = new Date(Math.max(...ends.map((e) => e!.getTime())));
  return {
    open: false,
    reason:
      "The reference solution opens once you pass this exercise, or once it can no longer earn credit " +
      `(after ${opensAt.toISOString().slice(0, 16).replace("T", " ")} UTC).`,
    opensAt,
  };
}

/**
 * What the exercise page shows. An open solution's files come only once the learner has asked for them
 * (`revealSolution`), since that moment is recorded: an attempt credited after it is marked in the gradebook. Until
 * then the page says the solution is open and what asking for it means. A closed solution is only why not.
 */
export type SolutionView =
  | { open: true; by: SolutionOpenBy; solution: ReferenceSolution | null }
  | Extract<SolutionAccess, { open: false }>;

export async function solutionView(userId: string, slug: string, now = new Date()): Promise<SolutionView> {
  const access = await solutionAccess(userId, slug, now);
  await assertMayAct(userId, { kind: "exercise", itemSlug: slug }, "see-solution", { now });
  if (!access.open) return access;
  const exercise = await loadExercise(slug);
  // Asked for before (revealSolution records when).
  const asked = typedSql(pool()).selectFrom("solution_seen").select("seenAt");
  const seen = await asked.where((w) => w.and({ userId, exerciseSlug: exercise.slug })).executeTakeFirst();
  return { open: true, by: access.by, solution: seen ? await buildSolution(userId, exercise, access.by) : null };
}

/**
 * The solution's files with a diff from the learner's last attempt, recording the first time the learner asked
 * (lib/classes/assignment-scores.ts marks credited work after it); 403 with the reason until it is open.
 */
export async function revealSolution(userId: string, slug: string, now = new Date()): Promise<ReferenceSolution> {
  const access = await solutionAccess(userId, slug, now);
  // Refused while a timed assessment runs, before anything is recorded.
  await assertMayAct(userId, { kind: "exercise", itemSlug: slug }, "see-solution", { now });
  if (!access.open) throw new RequestError("FORBIDDEN", access.reason, access.opensAt && { opensAt: access.opensAt });
  const exercise = await loadExercise(slug);
  const seen = { userId, exerciseSlug: exercise.slug, by: access.by };
  const insert = typedSql(pool()).insertInto("solution_seen").values(seen);
  await insert.onConflict((oc) => oc.columns(["userId", "exerciseSlug"]).doNothing()).execute();
  return buildSolution(userId, exercise, access.by);
}

/**
 * The solution's editable files (only those the learner writes), and the diff to them from what they are compared
 * with: the learner's last attempt, or the starter files before their first.
 */
async function buildSolution(userId: string, exercise: Exercise, by: SolutionOpenBy) {
  const [solution, last] = await Promise.all([loadSolution(exercise), latestSubmission(userId, exercise.slug)]);
  // An editable file the solution folder leaves out is one the reference answer keeps as the starter has it.
  const files = editableFiles(exercise, solution);
  const comparedWith = last ? { label: "your last attempt", attemptId: last.id } : { label: "the starter files" };
  const before = last ? editableFiles(exercise, z.array(submittedFileSchema).parse(last.files)) : exercise.starter;
  return { exercise: exercise.slug, by, files, comparedWith, diff: diffFileSets(before, files) };
}
