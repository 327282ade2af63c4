import "server-only";
import { sql } from "kysely";
import { loadCourse } from "../content/load-course";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { labsInCourseOrder } from "../labs/lab-order";
import { listGradedLabs } from "../labs/load-lab";

export interface LabSummary {
  slug: string;
  title: string;
  /** Learners who have had a session of the lab open (a queued one that never opened is not a start). */
  started: number;
  /** Of those, learners who have done every task the lab has now. */
  finished: number;
  /** finished / started; undefined when nobody started it. */
  finishRate?: number;
  /** The task most learners are stuck at (the earliest of equals); undefined while nobody is stuck. */
  mostStuck?: string;
  /**
   * In the lab's order, the learners who have `done` each task, in any session (`doneShare` of those who started,
   * undefined when nobody did), and those `stuck` at it: every task before it done but not it, where they stopped or
   * are now. The tasks build on each other, so the task most learners stop at is the one to look at first.
   */
  tasks: { id: string; title: string; done: number; doneShare?: number; stuck: number }[];
}

/**
 * One row per lab and task of the course's labs, over the learners who started the lab (staff trying a lab are not
 * the class; `learners` null: every learner), started and finished repeating on every row of a lab. Tasks a lab no
 * longer has are left out, as everywhere: a learner who has done every task it has now finished it. `tasks` are bound
 * as parallel arrays (lab, task id, place from 1), a relation to join rather than a filter per lab. Started: a session
 * opened, or a task done. `per_task` has a row for every task of a started lab, done or not (learners × tasks at most),
 * so a learner's first task not done, where they are stuck, is a min over their rows.
 */
function labNumbers(tasks: { lab: string; id: string; position: number }[], learners: string[] | null) {
  const labs = tasks.map((t) => t.lab);
  const inView = sql`(${learners}::text[] IS NULL OR "userId" = ANY(${learners}::text[]))`;
  return sql`(
  WITH task AS (
    SELECT * FROM unnest(${labs}::text[], ${tasks.map((t) => t.id)}::text[], ${tasks.map((t) => t.position)}::int[])
      AS t(lab, id, position)
  ),
  started AS (
    SELECT "userId", "labSlug" AS lab FROM sandbox_session
     WHERE "openedAt" IS NOT NULL AND "labSlug" = ANY(${labs}::text[]) AND ${inView}
    UNION
    SELECT "userId", "labSlug" FROM lab_task_done
     WHERE "labSlug" = ANY(${labs}::text[]) AND ${inView}
  ),
  per_task AS MATERIALIZED (
    SELECT s.lab, s."userId", t.position, d."taskId" IS NOT NULL AS done
      FROM started s
      JOIN "user" u ON u.id = s."userId" AND u.role = 'learner'
      JOIN task t ON t.lab = s.lab
      LEFT JOIN lab_task_done d ON d."userId" = s."userId" AND d."labSlug" = s.lab AND d."taskId" = t.id
  ),
  per_learner AS (
    SELECT lab, "userId", bool_and(done) AS finished, min(position) FILTER (WHERE NOT done) AS "stuckAt"
      FROM per_task GROUP BY lab, "userId"
  )
  SELECT p.lab, p.position,
         count(*)::int AS started,
         count(*) FILTER (WHERE l.finished)::int AS finished,
         count(*) FILTER (WHERE p.done)::int AS done,
         count(*) FILTER (WHERE l."stuckAt" = p.position)::int AS stuck
    FROM per_task p JOIN per_learner l ON l.lab = p.lab AND l."userId" = p."userId"
   GROUP BY p.lab, p.position)`.as("n");
}

/**
 * Every lab in course order (not the playground: no tasks, nothing to start or finish) with its learners' numbers and
 * each task's (zeros for a lab nobody started), over `learners` (a class's learner ids; null: every learner).
 */
export async function labOverview(learners: string[] | null): Promise<LabSummary[]> {
  const [labs, course] = await Promise.all([listGradedLabs(), loadCourse()]);
  const tasks = labs.flatMap((lab) =>
    lab.spec.tasks.map((task, i) => ({ lab: lab.slug, id: task.id, position: i + 1 })),
  );
  const rows = await typedSql(pool())
    .selectFrom(labNumbers(tasks, learners))
    .select([sql<string>`lab`.as("lab"), sql<number>`position`.as("position"), sql<number>`started`.as("started")])
    .select([sql<number>`finished`.as("finished"), sql<number>`done`.as("done"), sql<number>`stuck`.as("stuck")])
    .execute();
  const numbers = new Map(rows.map((r) => [`${r.lab}/${r.position}`, r]));
  return labsInCourseOrder(labs, course).map((lab) => {
    const first = numbers.get(`${lab.slug}/1`);
    const started = first?.started ?? 0;
    const finished = first?.finished ?? 0;
    const share = (n: number) => (started > 0 ? n / started : undefined);
    const tasks = lab.spec.tasks.map((task, i): LabSummary["tasks"][number] => {
      const row = numbers.get(`${lab.slug}/${i + 1}`);
      const done = row?.done ?? 0;
      return { id: task.id, title: task.title, done, doneShare: share(done), stuck: row?.stuck ?? 0 };
    });
    const most = Math.max(0, ...tasks.map((t) => t.stuck));
    const mostStuck = most > 0 ? tasks.find((t) => t.stuck === most)?.id : undefined;
    return { slug: lab.slug, title: lab.spec.title, started, finished, finishRate: share(finished), mostStuck, tasks };
  });
}
