import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { SESSION_STATUSES } from "../sessions/session-lifecycle";
import { isPlayground } from "./lab-schema";
import { type Lab, listLabs } from "./load-lab";

/** How far a learner has got in one lab, over all their sessions of it. */
export interface LabProgress {
  slug: string;
  /** Tasks of the lab as it stands in the course that the learner has done. */
  done: number;
  total: number;
  finished: boolean;
  /** When the last of its tasks was done (ISO 8601); null until all are. */
  finishedAt: string | null;
}

/**
 * Every lab of the course with the learner's progress in it, keyed by slug. Counts only tasks the lab still has:
 * a task taken out of the content no longer counts, and a task added later leaves a finished lab unfinished.
 * A caller that has listed the labs already passes them: reading every lab's files again costs tens of milliseconds.
 * The playground has no tasks, so no progress: it is never among them, even when the caller's list has it.
 */
export async function labProgress(userId: string, listed?: readonly Lab[]): Promise<Record<string, LabProgress>> {
  const [all, { rows }] = await Promise.all([
    listed ?? listLabs(),
    pool().query<{ slug: string; taskId: string; doneAt: Date }>(
      `SELECT "labSlug" AS slug, "taskId", "doneAt" FROM lab_task_done WHERE "userId" = $1`,
      [userId],
    ),
  ]);
  const labs = all.filter((lab) => !isPlayground(lab));
  const progress: Record<string, LabProgress> = {};
  for (const lab of labs) {
    const taskIds = new Set(lab.spec.tasks.map((t) => t.id));
    const done = rows.filter((r) => r.slug === lab.slug && taskIds.has(r.taskId));
    const finished = done.length === taskIds.size;
    const last = Math.max(...done.map((r) => r.doneAt.getTime()));
    progress[lab.slug] = {
      slug: lab.slug,
      done: done.length,
      total: taskIds.size,
      finished,
      finishedAt: finished ? new Date(last).toISOString() : null,
    };
  }
  return progress;
}

/**
 * The tasks the learner has done (of one lab, or every lab), each with when it was first done: the credit recorded,
 * and what a host reported done that the web's course policy has not recorded yet (lib/course-policy/ does within
 * a second). So a page read the moment a task turns green, or a help request asked then, sees it done.
 */
function tasksDone(userId: string, slug?: string) {
  const q = typedSql(pool());
  const recorded = q
    .selectFrom("lab_task_done")
    .select(["labSlug", "taskId", "doneAt as at"])
    .where("userId", "=", userId)
    .$if(slug !== undefined, (w) => w.where("labSlug", "=", slug!));
  const reported = q
    .selectFrom("session_event as e")
    .innerJoin("sandbox_session as s", "s.id", "e.sessionId")
    .select((eb) => [
      eb.ref("s.labSlug").$notNull().as("labSlug"),
      sql<string>`e.data->>'id'`.as("taskId"),
      "e.createdAt as at",
    ])
    .where("s.userId", "=", userId)
    .where("s.kind", "=", "lab")
    .$if(slug !== undefined, (w) => w.where("s.labSlug", "=", slug!))
    .where("e.type", "=", "task")
    // Below the cursor every report is applied (recorded above, or not done): only the few newer ones are read, by
    // the (type, tx) index, so a page's read stays cheap however long the learner's sessions ran.
    .where("e.tx", ">=", (eb) => eb.selectFrom("course_policy_cursor").select("tx").where("name", "=", "events"))
    .where(sql<string>`e.data->>'done'`, "=", "true");
  return q
    .selectFrom(recorded.unionAll(reported).as("d"))
    .select(["d.labSlug", "d.taskId", (eb) => eb.fn.min("d.at").as("at")])
    .groupBy(["d.labSlug", "d.taskId"])
    .orderBy("at")
    .orderBy("d.taskId")
    .execute();
}

/** Ids of the lab's tasks the learner has done, in any session of it, in the order they were done. */
export async function labTasksDone(userId: string, slug: string): Promise<string[]> {
  return (await tasksDone(userId, slug)).map((r) => r.taskId);
}

/**
 * The ids of the tasks the learner has done, by lab: one cheap read for pages that know their labs' tasks. The
 * playground never appears: it has no task to record (a lab's tasks only are recorded or reported).
 */
export async function labTasksDoneByLab(userId: string): Promise<Record<string, string[]>> {
  const byLab: Record<string, string[]> = {};
  for (const { labSlug, taskId } of await tasksDone(userId)) byLab[labSlug] = [...(byLab[labSlug] ?? []), taskId];
  for (const tasks of Object.values(byLab)) tasks.sort();
  return byLab;
}

const sessionsRowSchema = z.object({
  slug: z.string(),
  sessions: z.number().int(),
  status: z.enum(SESSION_STATUSES),
  createdAt: z.date(),
  openedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  closeReason: z.string().nullable(),
});

/** A learner's sessions of one lab: how many, and the latest as it stands. */
export interface LabSessions {
  slug: string;
  sessions: number;
  last: Omit<z.infer<typeof sessionsRowSchema>, "slug" | "sessions">;
}

/**
 * Every lab the learner has started (or asked to: a queued session counts), keyed by slug, with their sessions of it.
 * A lab the course no longer has is kept: its sessions still happened.
 */
export async function labSessions(userId: string): Promise<Record<string, LabSessions>> {
  // The count is a window over all the learner's sessions of the lab, taken before DISTINCT ON keeps the latest.
  const { rows } = await pool().query(
    `SELECT DISTINCT ON ("labSlug") "labSlug" AS slug,
            count(*) OVER (PARTITION BY "labSlug")::int AS sessions,
            status::text AS status, "createdAt", "openedAt", "closedAt", "closeReason"
       FROM sandbox_session WHERE kind = 'lab' AND "userId" = $1
      ORDER BY "labSlug", "createdAt" DESC, id DESC`,
    [userId],
  );
  return Object.fromEntries(
    z
      .array(sessionsRowSchema)
      .parse(rows)
      .map(({ slug, sessions, ...last }) => [slug, { slug, sessions, last }]),
  );
}
