import "server-only";
import { z } from "zod";
import { recordAdminAction } from "../admin/action-log";
import { boundedName } from "../auth/account-limits";
import { auth } from "../auth/auth";
import type { CurrentUser } from "../auth/current-user";
import { env } from "../config/env";
import { loadCourse } from "../content/load-course";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { listExercises } from "../exercises/load-exercise";
import { listLabs } from "../labs/load-lab";
import { GRADED_ATTEMPTS } from "../submissions/graded-attempts";
import { gradebookCsv, gradebookFilename } from "./gradebook-csv";
import { PAGE_SIZE, type Pagination, paginate } from "./list-query";

export type GradebookColumnKind = "exercise" | "quiz" | "lab";

export interface GradebookColumn {
  /** `exercise:<slug>`, `quiz:<lesson slug>` or `lab:<slug>`: unique across the kinds. */
  key: string;
  kind: GradebookColumnKind;
  /** The exercise's or lab's slug, or the slug of the lesson the quiz belongs to. */
  slug: string;
  /** The exercise's or lab's title, or the title of the quiz's lesson. */
  title: string;
}

export interface GradebookLearner {
  id: string;
  name: string;
  email: string;
  /** Every column's key: the best score as a percentage (0–100, one decimal), null without a graded attempt. */
  scores: Record<string, number | null>;
}

export interface Gradebook {
  generatedAt: string;
  columns: GradebookColumn[];
  learners: GradebookLearner[];
}

/** One page of the gradebook; `total` counts learners. */
export interface GradebookPage extends Gradebook, Pagination {}

/** Where scripts fetch the gradebook, and the cookie that carries a signed-in session to it. */
export interface GradebookAccess {
  jsonUrl: string;
  csvUrl: string;
  sessionCookie: string;
}

export const GRADEBOOK_JSON_PATH = "/api/instructor/gradebook";
export const GRADEBOOK_CSV_PATH = "/api/instructor/gradebook.csv";

/** Every learner, every column: what the JSON API and the CSV export answer. */
export async function loadGradebook(): Promise<Gradebook> {
  const [columns, learners] = await Promise.all([gradebookColumns(), learnerRows(null, 0)]);
  return { generatedAt: new Date().toISOString(), columns, learners: await withScores(columns, learners) };
}

/** One page of learners for the preview table, with the API's address for scripts. */
export async function gradebookPreview(page: number): Promise<{ gradebook: GradebookPage; access: GradebookAccess }> {
  const pagination = paginate(await countLearners(), page);
  const [columns, learners, access] = await Promise.all([
    gradebookColumns(),
    learnerRows(PAGE_SIZE, pagination.offset),
    gradebookAccess(),
  ]);
  return {
    gradebook: {
      generatedAt: new Date().toISOString(),
      columns,
      learners: await withScores(columns, learners),
      ...pagination,
    },
    access,
  };
}

/** The JSON API's answer: the whole gradebook, its export logged. */
export async function gradebookJsonExport(staff: CurrentUser): Promise<Gradebook> {
  const gradebook = await loadGradebook();
  await logExport(staff, "json", gradebook);
  return gradebook;
}

/** The CSV download: the whole gradebook and the file name it is saved under, its export logged. */
export async function gradebookCsvExport(staff: CurrentUser): Promise<{ filename: string; csv: string }> {
  const gradebook = await loadGradebook();
  await logExport(staff, "csv", gradebook);
  return { filename: gradebookFilename(new Date(gradebook.generatedAt)), csv: gradebookCsv(gradebook) };
}

/**
 * Every learner's scores leave the platform with an export, so it goes in the admin log, once the data is read (a
 * failed read exported nothing) and before it is answered (an export is never handed out unlogged).
 */
async function logExport(staff: CurrentUser, format: "csv" | "json", gradebook: Gradebook): Promise<void> {
  await recordAdminAction(prisma(), staff, {
    action: "gradebook_exported",
    details: { format, learners: gradebook.learners.length, columns: gradebook.columns.length },
  });
}

/** One column per exercise (listExercises() order), then one per lesson quiz in course order, then one per lab. */
export async function gradebookColumns(): Promise<GradebookColumn[]> {
  const [exercises, course, labs] = await Promise.all([listExercises(), loadCourse(), listLabs()]);
  return [
    ...exercises.map((e) => ({
      key: `exercise:${e.slug}`,
      kind: "exercise" as const,
      slug: e.slug,
      title: e.spec.title,
    })),
    ...course.lessons
      .filter((l) => l.quizFile)
      .map((l) => ({ key: `quiz:${l.slug}`, kind: "quiz" as const, slug: l.slug, title: l.title })),
    ...labs.map((l) => ({ key: `lab:${l.slug}`, kind: "lab" as const, slug: l.slug, title: l.spec.title })),
  ];
}

/** The one rounding of a 0–1 fraction into the gradebook's percentage: 0–100 with at most one decimal. */
function toPercent(fraction: number): number {
  return Math.round(fraction * 1000) / 10;
}

// Names bounded here, so the page, the JSON and the CSV never carry an overlong name from before the limit.
const learnerRowSchema = z.object({ id: z.string(), name: z.string().transform(boundedName), email: z.string() });
type LearnerRow = z.infer<typeof learnerRowSchema>;

/** Learners in the gradebook's order (name, then email); `limit` null means all of them. */
async function learnerRows(limit: number | null, offset: number): Promise<LearnerRow[]> {
  const { rows } = await pool().query(
    `SELECT id, name, email FROM "user" WHERE role = 'learner' ORDER BY name, email, id LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return z.array(learnerRowSchema).parse(rows);
}

async function countLearners(): Promise<number> {
  const { rows } = await pool().query(`SELECT count(*)::int AS n FROM "user" WHERE role = 'learner'`);
  return z.object({ n: z.number().int() }).parse(rows[0]).n;
}

const bestRowSchema = z.object({
  userId: z.string(),
  kind: z.enum(["exercise", "quiz", "lab"]),
  slug: z.string(),
  /** Null when none of the attempts' result documents holds a numeric score. */
  best: z.number().min(0).max(1).nullable(),
});

/**
 * The best of each learner's graded attempts at each exercise (the score of the grading that stands for each attempt,
 * see GRADED_ATTEMPTS) and at each quiz (correct / total), aggregated in SQL for the given learners only; the pivot
 * into one row per learner happens here. A learner without a graded attempt keeps null, never 0.
 */
async function withScores(columns: GradebookColumn[], learners: LearnerRow[]): Promise<GradebookLearner[]> {
  if (learners.length === 0) return [];
  // The score is read with one jsonpath call: result documents are large and stored compressed, so each access
  // decompresses the whole document, and this reads it once per attempt (a second `->` would double the cost).
  const { rows } = await pool().query(
    `WITH ${GRADED_ATTEMPTS}
     SELECT "userId", 'exercise' AS kind, "exerciseSlug" AS slug,
            max(jsonb_path_query_first(result, '$.score ? (@.type() == "number")')::float8) AS best
       FROM graded_attempt
      WHERE "userId" = ANY($1::text[]) AND status IN ('passed', 'failed')
      GROUP BY "userId", "exerciseSlug"
     UNION ALL
     SELECT "userId", 'quiz', "lessonSlug", max(correct::float8 / total)
       FROM quiz_attempt
      WHERE "userId" = ANY($1::text[]) AND total > 0
      GROUP BY "userId", "lessonSlug"`,
    [learners.map((l) => l.id)],
  );
  const known = new Set(columns.map((c) => c.key));
  const best = new Map<string, Record<string, number | null>>();
  const labRows = await labScores(learners.map((l) => l.id));
  for (const row of [...z.array(bestRowSchema).parse(rows), ...labRows]) {
    const key = `${row.kind}:${row.slug}`;
    // Attempts at an exercise or quiz the course no longer has have no column to go in.
    if (row.best === null || !known.has(key)) continue;
    const scores = best.get(row.userId) ?? {};
    scores[key] = toPercent(row.best);
    best.set(row.userId, scores);
  }
  return learners.map((l) => {
    const found = best.get(l.id) ?? {};
    return { ...l, scores: Object.fromEntries(columns.map((c) => [c.key, found[c.key] ?? null])) };
  });
}

/**
 * A lab's score is the share of its tasks the learner has done, in any session (a task done stays done, as a passed
 * attempt stays passed); tasks the lab no longer has do not count. No task done is no score, never 0.
 */
async function labScores(userIds: string[]): Promise<z.infer<typeof bestRowSchema>[]> {
  const [labs, { rows }] = await Promise.all([
    listLabs(),
    pool().query(
      `SELECT "userId", "labSlug", array_agg("taskId") AS tasks FROM lab_task_done
        WHERE "userId" = ANY($1::text[]) GROUP BY "userId", "labSlug"`,
      [userIds],
    ),
  ]);
  const tasksOf = new Map(labs.map((l) => [l.slug, new Set(l.spec.tasks.map((t) => t.id))]));
  return z
    .array(z.object({ userId: z.string(), labSlug: z.string(), tasks: z.array(z.string()) }))
    .parse(rows)
    .flatMap((row) => {
      const current = tasksOf.get(row.labSlug);
      const done = current ? row.tasks.filter((t) => current.has(t)).length : 0;
      if (!current || done === 0) return [];
      return [{ userId: row.userId, kind: "lab" as const, slug: row.labSlug, best: done / current.size }];
    });
}

async function gradebookAccess(): Promise<GradebookAccess> {
  const origin = new URL(env().APP_URL).origin;
  // better-auth names the cookie (a __Secure- prefix over HTTPS); ask it rather than guess.
  const context = await auth().$context;
  return {
    jsonUrl: origin + GRADEBOOK_JSON_PATH,
    csvUrl: origin + GRADEBOOK_CSV_PATH,
    sessionCookie: context.authCookies.sessionToken.name,
  };
}
