import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { loadCourse } from "../content/load-course";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import { listExercises } from "../exercises/load-exercise";
import { unseenFeedback } from "../submissions/comments";
import { gradedAttempts } from "../submissions/graded-attempts";

export type ExerciseStatus = "not-started" | "attempted" | "passed";

export interface ExerciseProgress {
  status: ExerciseStatus;
  /** Highest score (0–1) of the learner's graded submissions; undefined until one has a result. */
  bestScore?: number;
}

export interface ExerciseIndexEntry extends Pick<ExerciseSpec, "title" | "summary" | "difficulty" | "minutes"> {
  slug: string;
  lesson?: { slug: string; title: string };
  /** Undefined when signed out: there is no learner to show progress for. */
  progress?: ExerciseProgress;
  /** The attempt (submission id) with staff feedback the learner has not seen yet, when there is one. */
  newFeedback?: string;
}

/** A score read out of a result document (JSON): 0–1. */
const scoreSchema = z.number().min(0).max(1).nullable();

/**
 * The learner's progress on every exercise they have submitted to, in one query. Any submission, even one still
 * being graded, makes an exercise "attempted"; the standing grade of an attempt (an instructor's finished re-grade
 * replaces the original's), not its score, decides "passed".
 */
export async function exerciseProgress(userId: string): Promise<Map<string, ExerciseProgress>> {
  // gradedAttempts' condition, its values bound where it puts it.
  const cte = sql.join(gradedAttempts("\0").split("\0").map(sql.raw), sql`s."userId" = ${userId}`);
  const score = sql`CASE WHEN jsonb_typeof(result->'score') = 'number' THEN (result->>'score')::float8 END`;
  const rows = await typedSql(pool())
    .selectFrom(sql`(WITH ${cte} SELECT * FROM graded_attempt)`.as("graded_attempt"))
    .select([sql<string>`"exerciseSlug"`.as("exercise"), sql<boolean>`bool_or(status = 'passed')`.as("passed")])
    .select(sql<number | null>`max(${score})`.as("bestScore"))
    .groupBy(sql`"exerciseSlug"`)
    .execute();
  const progress = (r: (typeof rows)[number]): ExerciseProgress => ({
    status: r.passed ? "passed" : "attempted",
    bestScore: scoreSchema.parse(r.bestScore) ?? undefined,
  });
  return new Map(rows.map((r) => [r.exercise, progress(r)]));
}

/** Every exercise in course order (by the lesson it belongs to), with the learner's progress when signed in. */
export async function exerciseIndex(userId?: string): Promise<ExerciseIndexEntry[]> {
  const [course, exercises, progress, feedback] = await Promise.all([
    loadCourse(),
    listExercises(),
    userId ? exerciseProgress(userId) : undefined,
    userId ? unseenFeedback(userId) : undefined,
  ]);
  const position = new Map(course.lessons.map((l, i) => [l.slug, i]));
  // Exercises without a lesson (or with one not in the outline) come last.
  const rank = (lesson?: string) => (lesson ? (position.get(lesson) ?? Infinity) : Infinity);
  return exercises
    .map(({ slug, spec }) => {
      const lesson = course.lessons.find((l) => l.slug === spec.lesson);
      return {
        slug,
        title: spec.title,
        summary: spec.summary,
        difficulty: spec.difficulty,
        minutes: spec.minutes,
        lesson: lesson && { slug: lesson.slug, title: lesson.title },
        progress: progress && (progress.get(slug) ?? { status: "not-started" }),
        ...(feedback?.has(slug) ? { newFeedback: feedback.get(slug) } : {}),
      };
    })
    .sort((a, b) => rank(a.lesson?.slug) - rank(b.lesson?.slug) || a.slug.localeCompare(b.slug));
}
