import "server-only";
import { type RawBuilder, sql } from "kysely";
import { z } from "zod";
import { canSeeLearner, type StaffScope } from "../access/staff-scope";
import { type Course, loadCourse } from "../content/load-course";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { listExercises } from "../exercises/load-exercise";
import { labsInCourseOrder } from "../labs/lab-order";
import { labProgress, labSessions } from "../labs/lab-progress";
import { listGradedLabs } from "../labs/load-lab";
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
import { completedLessons } from "../progress/lesson-progress";
import { GRADED_ATTEMPTS } from "../submissions/graded-attempts";
import { LEARNER_ACTIVITY } from "./learner-activity";

// ---- The learners table ----

export const LEARNER_SORTS = ["name", "email", "joined", "active", "lessons", "exercises", "submissions"] as const;
export type LearnerSort = (typeof LEARNER_SORTS)[number];

/**
 * Per sort, its ORDER BY (`byUser`: on the learner row alone), and the direction a first click sorts in: names read
 * A to Z; dates and counts read most first, which is what an instructor looks for.
 */
export const SORTS: Record<LearnerSort, { order: string; dir: "asc" | "desc"; byUser?: true }> = {
  name: { order: "lower(u.name)", dir: "asc", byUser: true },
  email: { order: "lower(u.email)", dir: "asc", byUser: true },
  joined: { order: `u."createdAt"`, dir: "desc", byUser: true },
  active: { order: `"lastActive"`, dir: "desc" },
  lessons: { order: "lessons", dir: "desc" },
  exercises: { order: "exercises", dir: "desc" },
  submissions: { order: "submissions", dir: "desc" },
};

/** The table's state, from its query string: anything missing or invalid falls back to the default. */
const learnersQuerySchema = z
  .object({
    q: searchTextSchema.optional().catch(undefined),
    sort: z.enum(LEARNER_SORTS).catch("name"),
    dir: z.enum(["asc", "desc"]).optional().catch(undefined),
    page: pageNumberSchema.catch(1),
  })
  .transform((q) => ({ ...q, dir: q.dir ?? SORTS[q.sort].dir }));

export type LearnersPage = Awaited<ReturnType<typeof listLearners>>;
export type ModuleProgress = LearnersPage["learners"][number]["modules"][number];

/** What the counts count: the lessons and exercises in the course today. */
async function courseScope() {
  const [course, exercises] = await Promise.all([loadCourse(), listExercises()]);
  return {
    course,
    lessons: course.lessons.map((l) => l.slug),
    exercises: exercises.map((e) => e.slug),
    exerciseTitles: new Map(exercises.map((e) => [e.slug, e.spec.title])),
  };
}

/**
 * Learners matching `where` (a condition on `u`, the user row) with their counts, sorted by `order` (on `u`'s columns
 * or the counts' names) and cut to one page. When the order is on the learner row alone (`byUser`), the page is cut
 * first and only its learners are counted.
 *
 * lastActive: their latest activity (learner-activity.ts); lessons: completed; quizzes: with a fully correct attempt;
 * exercises: passed by the standing grade (graded-attempts.ts); submissions: their own, not an instructor's re-grades.
 */
async function summaries(
  scope: Awaited<ReturnType<typeof courseScope>>,
  where: RawBuilder<boolean>,
  page: { order: RawBuilder<unknown>; byUser: boolean; limit: number; offset: number },
) {
  const cut = sql`ORDER BY ${page.order} LIMIT ${page.limit} OFFSET ${page.offset}`;
  type Counts = Record<"lessons" | "quizzes" | "exercises" | "submissions", number>;
  type Counted = Counts & Record<"id" | "name" | "email", string> & { createdAt: Date; lastActive: Date | null };
  const counted = sql<Counted>`(
    WITH ${sql.raw(GRADED_ATTEMPTS)}, ${sql.raw(LEARNER_ACTIVITY)},
    learner AS (
      SELECT u.id, u.name, u.email, u."createdAt" FROM "user" u WHERE u.role = 'learner' AND ${where}
      ${page.byUser ? cut : sql``}
    ),
    attempt AS (
      SELECT "userId", count(*)::int AS submissions
        FROM submission WHERE "regradeOfId" IS NULL AND "userId" IN (SELECT id FROM learner) GROUP BY "userId"
    ),
    activity AS (
      SELECT "userId", max(at) AS last
        FROM learner_activity WHERE "userId" IN (SELECT id FROM learner) GROUP BY "userId"
    ),
    passed AS (
      SELECT "userId", count(DISTINCT "exerciseSlug")::int AS exercises FROM graded_attempt
       WHERE status = 'passed' AND "exerciseSlug" = ANY(${scope.exercises}::text[])
         AND "userId" IN (SELECT id FROM learner)
       GROUP BY "userId"
    ),
    lesson AS (
      SELECT "userId",
             (count(*) FILTER (WHERE "completedAt" IS NOT NULL AND "lessonSlug" = ANY(${scope.lessons}::text[])))::int
               AS lessons
        FROM lesson_progress WHERE "userId" IN (SELECT id FROM learner) GROUP BY "userId"
    ),
    quiz_lesson AS (
      SELECT "userId", "lessonSlug", bool_or(correct = total) AS passed
        FROM quiz_attempt WHERE "userId" IN (SELECT id FROM learner) GROUP BY "userId", "lessonSlug"
    ),
    quiz AS (
      SELECT "userId", (count(*) FILTER (WHERE passed AND "lessonSlug" = ANY(${scope.lessons}::text[])))::int AS quizzes
        FROM quiz_lesson GROUP BY "userId"
    )
    SELECT u.id, u.name, u.email, u."createdAt", act.last AS "lastActive",
           COALESCE(ls.lessons, 0) AS lessons, COALESCE(q.quizzes, 0) AS quizzes,
           COALESCE(p.exercises, 0) AS exercises, COALESCE(a.submissions, 0) AS submissions
      FROM learner u
      LEFT JOIN attempt a ON a."userId" = u.id
      LEFT JOIN activity act ON act."userId" = u.id
      LEFT JOIN passed p ON p."userId" = u.id
      LEFT JOIN lesson ls ON ls."userId" = u.id
      LEFT JOIN quiz q ON q."userId" = u.id)`;
  // The counted rows are `u` too, with the learner row's columns, so the same order applies to them.
  const rows = await typedSql(pool())
    .selectFrom(counted.as("u"))
    .selectAll()
    .orderBy(page.order)
    .$if(!page.byUser, (q) => q.limit(page.limit).offset(page.offset))
    .execute();
  return rows.map(({ createdAt: joined, lastActive, ...row }) => ({
    ...row,
    joined,
    ...(lastActive && { lastActive }),
  }));
}

/** Completed lessons per `userId:module` for the given learners only: a page's worth, never the whole class. */
async function moduleProgress(course: Course, learners: { id: string }[]): Promise<Map<string, number>> {
  const lessons = course.lessons.map((l) => l.slug);
  const modules = course.lessons.map((l) => l.moduleSlug);
  const c = sql`unnest(${lessons}::text[], ${modules}::text[])`.as<"c">(sql`c(lesson, module)`);
  const rows = await typedSql(pool())
    .selectFrom("lesson_progress as lp")
    .innerJoin(c, (j) => j.on(sql<boolean>`c.lesson = lp."lessonSlug"`))
    .select(["lp.userId", sql<string>`c.module`.as("module"), sql<number>`count(*)::int`.as("completed")])
    .where(sql<boolean>`lp."userId" = ANY(${learners.map((l) => l.id)}::text[])`)
    .where("lp.completedAt", "is not", null)
    .groupBy(sql`lp."userId", c.module`)
    .execute();
  return new Map(rows.map((r) => [`${r.userId}:${r.module}`, r.completed]));
}

/**
 * One page of the learners table: search by name or email, any sort, 50 a page, counted in SQL. `learners` are the
 * ids the page may show (a class's learners, lib/access/staff-scope.ts); null shows every learner.
 */
export async function listLearners(params: SearchParams, learners: string[] | null) {
  const fields = ["q", "sort", "dir", "page"].map((name) => [name, searchParam(params, name)]);
  const query = learnersQuerySchema.parse(Object.fromEntries(fields));
  const scope = await courseScope();
  const inView = sql<boolean>`(${learners}::text[] IS NULL OR u.id = ANY(${learners}::text[]))`;
  const pattern = query.q ? containsPattern(query.q) : undefined;
  const where = pattern ? sql<boolean>`${inView} AND (u.name ILIKE ${pattern} OR u.email ILIKE ${pattern})` : inView;
  const matching = typedSql(pool()).selectFrom("user as u").where("u.role", "=", "learner").where(where);
  const pagination = await countPages(matching, query.page);
  // Never-active learners last either way; the id keeps equal values in a stable order across pages.
  const direction = sql.raw(query.dir === "asc" ? "ASC" : "DESC");
  const order = sql`${sql.raw(SORTS[query.sort].order)} ${direction} NULLS LAST, u.id ${direction}`;
  const byUser = SORTS[query.sort].byUser === true;
  const rows = await summaries(scope, where, { order, byUser, limit: PAGE_SIZE, offset: pagination.offset });
  const progress = await moduleProgress(scope.course, rows);
  return {
    ...pagination,
    query: { ...query, page: pagination.page },
    modules: scope.course.modules.map((m) => ({ slug: m.slug, title: m.title, lessons: m.lessons.length })),
    learners: rows.map((row) => ({
      ...row,
      modules: scope.course.modules.map((m) => ({
        slug: m.slug,
        title: m.title,
        completed: progress.get(`${row.id}:${m.slug}`) ?? 0,
        total: m.lessons.length,
      })),
    })),
  };
}

// ---- One learner ----

export type LearnerDetail = Awaited<ReturnType<typeof loadLearner>>;
export type LearnerSubmission = LearnerDetail["submissions"][number];

/** A submission's score, read out of its result document in SQL: the document itself never leaves the database. */
export const resultScore = (result: string) =>
  sql<number | null>`CASE WHEN jsonb_typeof(${sql.ref(result)}->'score') = 'number'
    THEN (${sql.ref(result)}->>'score')::float8 END`.as("score");

/** A submission as the tables list it; `regradeOf`: on an instructor's re-grade, the learner's original submission. */
export function submissionRow<R extends { exerciseSlug: string; score: number | null; regradeOfId: string | null }>(
  { exerciseSlug, score, regradeOfId, ...row }: R,
  exerciseTitles: ReadonlyMap<string, string>,
) {
  return {
    ...row,
    exercise: { slug: exerciseSlug, title: exerciseTitles.get(exerciseSlug) ?? exerciseSlug },
    ...(score === null ? {} : { score }),
    ...(regradeOfId ? { regradeOf: regradeOfId } : {}),
  };
}

const NOT_A_LEARNER = "There is no learner with this id.";

/**
 * Everything about one learner: progress per module, every quiz attempt and every submission, newest first, and
 * their progress in every lab of the course (in course order, started or not). A learner the staff member may not
 * see (`staff`: lib/access/staff-scope.ts) is NOT_FOUND, as an unknown id is, so another class's ids cannot be probed.
 */
export async function loadLearner(id: string, staff: StaffScope) {
  if (!rowIdSchema.safeParse(id).success || !(await canSeeLearner(staff, id)))
    throw new RequestError("NOT_FOUND", NOT_A_LEARNER);
  const scope = await courseScope();
  const page = { order: sql`u.id`, byUser: true, limit: 1, offset: 0 };
  const [learner] = await summaries(scope, sql<boolean>`u.id = ${id}`, page);
  if (!learner) throw new RequestError("NOT_FOUND", NOT_A_LEARNER);
  const db = typedSql(pool());
  const [done, quizRows, submissions, labs] = await Promise.all([
    completedLessons(id),
    db
      .selectFrom("quiz_attempt")
      .select(["id", "lessonSlug", "correct", "total", "createdAt"])
      .where("userId", "=", id)
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .execute(),
    db
      .selectFrom("submission")
      .select(["id", "exerciseSlug", "status", "createdAt", "regradeOfId", resultScore("result")])
      .where("userId", "=", id)
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .execute(),
    learnerLabs(id, scope.course),
  ]);
  const lessonTitle = new Map(scope.course.lessons.map((l) => [l.slug, l.title]));
  return {
    learner,
    modules: scope.course.modules.map((m) => {
      const lessons = m.lessons.map((l) => ({ slug: l.slug, title: l.title, completed: done.has(l.slug) }));
      const completed = lessons.filter((l) => l.completed).length;
      return { slug: m.slug, title: m.title, completed, total: lessons.length, lessons };
    }),
    quizAttempts: quizRows.map(({ lessonSlug, ...q }) => ({
      ...q,
      lesson: { slug: lessonSlug, title: lessonTitle.get(lessonSlug) ?? lessonSlug },
    })),
    submissions: submissions.map((s) => submissionRow(s, scope.exerciseTitles)),
    labs,
  };
}

/** One lab of the course as one learner has got on with it. */
export type LearnerLab = Awaited<ReturnType<typeof learnerLabs>>[number];

/**
 * Every lab of the course in course order, with the learner's progress and sessions (none for a lab not started).
 * Not the playground: it has no tasks to have done. `done` counts the tasks of the lab as it stands that the learner
 * has done, over all their sessions; `finishedAt` is when the last of them was done, once all are; `sessions` counts
 * queued ones that never opened too; `lastSession` is the latest (`requestedAt`: a session waits in the queue before
 * it opens; `closeReason` as its learner was told).
 */
export async function learnerLabs(userId: string, course: Course) {
  const [labs, sessions] = await Promise.all([listGradedLabs(), labSessions(userId)]);
  const progress = await labProgress(userId, labs);
  return labsInCourseOrder(labs, course).map((lab) => {
    const done = progress[lab.slug];
    const session = sessions[lab.slug];
    const last = session?.last;
    return {
      slug: lab.slug,
      title: lab.spec.title,
      done: done?.done ?? 0,
      total: done?.total ?? lab.spec.tasks.length,
      ...(done?.finishedAt ? { finishedAt: new Date(done.finishedAt) } : {}),
      sessions: session?.sessions ?? 0,
      ...(last && {
        lastSession: {
          status: last.status,
          requestedAt: last.createdAt,
          ...(last.openedAt ? { openedAt: last.openedAt } : {}),
          ...(last.closedAt ? { closedAt: last.closedAt } : {}),
          ...(last.closeReason ? { closeReason: last.closeReason } : {}),
        },
      }),
    };
  });
}
