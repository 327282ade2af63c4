import "server-only";
import { pool } from "../db/pool";
import { listLabs } from "./load-lab";

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
 */
export async function labProgress(userId: string): Promise<Record<string, LabProgress>> {
  const [labs, { rows }] = await Promise.all([
    listLabs(),
    pool().query<{ slug: string; taskId: string; doneAt: Date }>(
      `SELECT "labSlug" AS slug, "taskId", "doneAt" FROM lab_task_done WHERE "userId" = $1`,
      [userId],
    ),
  ]);
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

/** Ids of the lab's tasks the learner has done, in any session of it, in the order they were done. */
export async function labTasksDone(userId: string, slug: string): Promise<string[]> {
  const { rows } = await pool().query<{ taskId: string }>(
    `SELECT "taskId" FROM lab_task_done WHERE "userId" = $1 AND "labSlug" = $2 ORDER BY "doneAt", "taskId"`,
    [userId, slug],
  );
  return rows.map((r) => r.taskId);
}
