import "server-only";
import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { isPlayground } from "./lab-schema";
import { tasksDone } from "./lab-tasks-done";
import { type Lab, listLabs } from "./load-lab";

/**
 * Every lab of the course with the learner's progress in it, keyed by slug. Counts only tasks the lab still has: a
 * task taken out of the content no longer counts, and a task added later leaves a finished lab unfinished. A caller
 * that has listed the labs passes them (reading every lab's files again costs tens of milliseconds). The playground,
 * with no tasks, is never among them.
 */
export async function labProgress(userId: string, listed?: readonly Lab[]) {
  const [all, rows] = await Promise.all([listed ?? listLabs(), tasksDone(pool(), userId)]);
  const labs = all.filter((lab) => !isPlayground(lab));
  return Object.fromEntries(
    labs.map((lab) => {
      const taskIds = new Set(lab.spec.tasks.map((t) => t.id));
      const done = rows.filter((r) => r.labSlug === lab.slug && taskIds.has(r.taskId));
      const finished = done.length === taskIds.size;
      const last = Math.max(...done.map((r) => new Date(r.at).getTime()));
      // `done`: tasks of the lab as it stands in the course; `finishedAt`: when the last was done (ISO 8601).
      const finishedAt = finished ? new Date(last).toISOString() : null;
      return [lab.slug, { slug: lab.slug, done: done.length, total: taskIds.size, finished, finishedAt }] as const;
    }),
  );
}

/** How far a learner has got in one lab, over all their sessions of it. */
export type LabProgress = Awaited<ReturnType<typeof labProgress>>[string];

/** Ids of the lab's tasks the learner has done, in any session of it, in the order they were done. */
export async function labTasksDone(userId: string, slug: string): Promise<string[]> {
  return (await tasksDone(pool(), userId, slug)).map((r) => r.taskId);
}

/**
 * The ids of the tasks the learner has done, by lab: one cheap read for pages that know their labs' tasks. The
 * playground never appears: it has no task to record (a lab's tasks only are recorded or reported).
 */
export async function labTasksDoneByLab(userId: string): Promise<Record<string, string[]>> {
  const byLab: Record<string, string[]> = {};
  for (const { labSlug, taskId } of await tasksDone(pool(), userId))
    byLab[labSlug] = [...(byLab[labSlug] ?? []), taskId];
  for (const tasks of Object.values(byLab)) tasks.sort();
  return byLab;
}

/**
 * Every lab the learner has started (or asked to: a queued session counts), keyed by slug, with their sessions of it.
 * A lab the course no longer has is kept: its sessions still happened.
 */
export async function labSessions(userId: string) {
  // The count is a window over all the learner's sessions of the lab, taken before DISTINCT ON keeps the latest.
  const rows = await typedSql(pool())
    .selectFrom("sandbox_session")
    .distinctOn("labSlug")
    .select((eb) => [
      eb.ref("labSlug").$notNull().as("slug"),
      sql<number>`(count(*) OVER (PARTITION BY "labSlug"))::int`.as("sessions"),
      ...(["status", "createdAt", "openedAt", "closedAt", "closeReason"] as const),
    ])
    .where("kind", "=", "lab")
    .where("userId", "=", userId)
    .orderBy("labSlug")
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .execute();
  // Per lab: how many sessions, and the latest as it stands.
  return Object.fromEntries(rows.map(({ slug, sessions, ...last }) => [slug, { slug, sessions, last }]));
}
