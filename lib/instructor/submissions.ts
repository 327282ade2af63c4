import "server-only";
import { type RawBuilder, sql } from "kysely";
import { z } from "zod";
import { canSeeLearner, type StaffScope } from "../access/staff-scope";
import { loadCourse } from "../content/load-course";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { listExercises, loadExercise } from "../exercises/load-exercise";
import { submittedFileSchema } from "../file-sets/validate-files";
import { resultDocumentSchema } from "../grading/result-schema";
import {
  containsPattern,
  countPages,
  PAGE_SIZE,
  pageNumberSchema,
  rowIdSchema,
  type SearchParams,
  searchParam,
  searchTextSchema,
} from "../list-query/list-query";
import type { SubmissionView } from "../submissions/fold-events";
import { isFinalStatus, SUBMISSION_STATUSES, type SubmissionStatus } from "../submissions/lifecycle";
import { loadSubmissionView } from "../submissions/submission-view";
import { resultScore, submissionRow } from "./learners";

/** A filter value that was not understood and so not applied; the page says so rather than guessing. */
export type IgnoredFilter = { name: keyof SubmissionFilters | "page"; value: string; reason: string };

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "is not a date like 2025-03-14")
  .refine((v) => {
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
  }, "is not a day of the calendar");

const FILTERS = {
  /** Checked against the course's exercises when parsed. */
  exercise: z.string(),
  /** Part of the learner's name or email, case-insensitive. */
  learner: searchTextSchema,
  status: z.enum(SUBMISSION_STATUSES, { error: `is not one of ${SUBMISSION_STATUSES.join(", ")}` }),
  /** YYYY-MM-DD, whole days in UTC, both ends included. */
  from: dateSchema,
  to: dateSchema,
  /** The submissions of one re-grade batch (where a re-grade's progress links to). */
  batch: rowIdSchema,
};
export type SubmissionFilters = { [K in keyof typeof FILTERS]?: NonNullable<z.output<(typeof FILTERS)[K]>> };

/**
 * Reads the filters from a query string. Each value is checked on its own: a bad one is left out and reported, the
 * others still apply, and an empty field (a submitted form's blank input) means no filter.
 */
export function parseSubmissionFilters(params: SearchParams, exercises: readonly string[]) {
  const exercise = FILTERS.exercise.refine((v) => exercises.includes(v), "is not an exercise of the course");
  const schemas = { ...FILTERS, exercise };
  const filters: SubmissionFilters = {};
  const ignored: IgnoredFilter[] = [];
  for (const [name, schema] of Object.entries(schemas) as [keyof SubmissionFilters, z.ZodType][]) {
    const value = searchParam(params, name)?.trim();
    if (!value) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) filters[name] = parsed.data as never;
    } else {
      ignored.push({ name, value, reason: parsed.error.issues[0]?.message ?? "is not valid" });
    }
  }
  if (filters.from && filters.to && filters.to < filters.from) {
    ignored.push({ name: "to", value: filters.to, reason: "is before the from date" });
    delete filters.to;
  }
  const rawPage = searchParam(params, "page");
  const page = pageNumberSchema.safeParse(rawPage);
  if (rawPage && !page.success) ignored.push({ name: "page", value: rawPage, reason: "is not a page number" });
  return { filters, ignored, page: page.success ? page.data : 1 };
}

export type SubmissionListRow = Awaited<ReturnType<typeof listSubmissions>>["submissions"][number];

function conditions(filters: SubmissionFilters, learners: string[] | null): RawBuilder<boolean> {
  const where = [sql`u.role = 'learner'`, sql`(${learners}::text[] IS NULL OR s."userId" = ANY(${learners}::text[]))`];
  if (filters.exercise) where.push(sql`s."exerciseSlug" = ${filters.exercise}`);
  if (filters.learner) {
    const pattern = containsPattern(filters.learner);
    where.push(sql`(u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})`);
  }
  if (filters.status) where.push(sql`s.status = ${filters.status}::"SubmissionStatus"`);
  // Stored times are UTC without a zone; comparing with a date compares with that day's midnight UTC.
  if (filters.from) where.push(sql`s."createdAt" >= ${filters.from}::date`);
  if (filters.to) where.push(sql`s."createdAt" < ${filters.to}::date + 1`);
  if (filters.batch) where.push(sql`s."regradeBatchId" = ${filters.batch}`);
  return sql.join<boolean>(where, sql` AND `);
}

/**
 * Learners' submissions (re-grades included and marked), filtered, newest first, 50 a page. `learners` are the ids
 * whose submissions the page may show (a class's learners, lib/access/staff-scope.ts); null shows every learner's.
 */
export async function listSubmissions(params: SearchParams, learners: string[] | null) {
  const exercises = (await listExercises()).map((e) => ({ slug: e.slug, title: e.spec.title }));
  const slugs = exercises.map((e) => e.slug);
  const { filters, ignored, page } = parseSubmissionFilters(params, slugs);
  const where = conditions(filters, learners);
  const db = typedSql(pool());
  const matching = () => db.selectFrom("submission as s").innerJoin("user as u", "u.id", "s.userId").where(where);
  const pagination = await countPages(matching(), page);
  // Only what the table shows, and the score only for the page's rows: the page is cut on ids first, as rows
  // skipped by OFFSET are still computed.
  const rows = await db
    .with("page", () =>
      matching()
        .select("s.id")
        .orderBy("s.createdAt", "desc")
        .orderBy("s.id", "desc")
        .limit(PAGE_SIZE)
        .offset(pagination.offset),
    )
    .selectFrom("page")
    .innerJoin("submission as s", "s.id", "page.id")
    .innerJoin("user as u", "u.id", "s.userId")
    .select(["s.id", "s.createdAt", "s.userId", "u.name", "u.email", "s.exerciseSlug", "s.status", "s.regradeOfId"])
    .select(resultScore("s.result"))
    .orderBy("s.createdAt", "desc")
    .orderBy("s.id", "desc")
    .execute();
  const title = new Map(exercises.map((e) => [e.slug, e.title]));
  return {
    ...pagination,
    filters,
    ignored,
    exercises,
    submissions: rows.map(({ userId, name, email, ...r }) => ({
      ...submissionRow(r, title),
      learner: { id: userId, name, email },
    })),
  };
}

export type SubmissionDetail = Awaited<ReturnType<typeof loadSubmissionDetail>>;
export type RelatedSubmission = SubmissionDetail["regrades"][number];

const NO_SUBMISSION = "There is no submission with this id.";

/**
 * What the learner saw, folded from the stored events; a finished submission's events may be pruned (the row keeps
 * the outcome), and then the row's status, message and result stand in, as on the learner's history page.
 */
function withOutcome(
  view: SubmissionView,
  row: { status: SubmissionStatus; errorMessage: string | null; result: unknown },
): SubmissionView {
  if (!isFinalStatus(row.status) || view.status === row.status) return view;
  const result = row.result === null ? undefined : resultDocumentSchema.safeParse(row.result).data;
  return { ...view, status: row.status, message: row.errorMessage ?? undefined, result };
}

/**
 * One submission as the instructor opens it: its files; what its learner saw (`view`, see withOutcome); the lessons
 * its report may link to; and its re-grade links (`regradeOf` on a re-grade, the learner's original; `regrades` on an
 * original, newest first). A learner's the staff member may not see (lib/access/staff-scope.ts) is NOT_FOUND, as an
 * unknown id is.
 */
export async function loadSubmissionDetail(id: string, staff: StaffScope) {
  if (!rowIdSchema.safeParse(id).success) throw new RequestError("NOT_FOUND", NO_SUBMISSION);
  const related = { id: true, status: true, createdAt: true } as const;
  const row = await prisma().submission.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      runnerId: true,
      errorMessage: true,
      result: true,
      files: true,
      exerciseSlug: true,
      user: { select: { id: true, name: true, email: true, role: true } },
      regradeOf: { select: related },
      regrades: { select: related, orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
    },
  });
  if (!row || !(await canSeeLearner(staff, row.user.id))) throw new RequestError("NOT_FOUND", NO_SUBMISSION);
  const [events, course, exercise] = await Promise.all([
    loadSubmissionView(row.id),
    loadCourse(),
    loadExercise(row.exerciseSlug).catch((err: unknown) => {
      if (err instanceof RequestError && err.code === "NOT_FOUND") return undefined;
      throw err;
    }),
  ]);
  const { user, exerciseSlug, result, files, regradeOf, ...rest } = row;
  return {
    ...rest,
    learner: user,
    // `spec` is undefined once the exercise has left the course: its old submissions still name it, by slug.
    exercise: { slug: exerciseSlug, title: exercise?.spec.title ?? exerciseSlug, spec: exercise?.spec },
    files: z.array(submittedFileSchema).parse(files),
    view: withOutcome(events, row),
    lessons: course.lessons.map((l) => l.slug),
    ...(regradeOf ? { regradeOf } : {}),
  };
}
