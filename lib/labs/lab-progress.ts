import "server-only";
import { type Selectable, sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import type { SandboxSession } from "../generated/kysely/database";
import { isPlayground } from "./lab-schema";
import { tasksDone } from "./lab-tasks-done";
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
 * Every lab of the course with the learner's progress in it, keyed by slug. Counts only tasks the lab still has: a
 * task taken out of the content no longer counts, and a task added later leaves a finished lab unfinished. A caller
 * that has listed the labs passes them (reading every lab's files again costs tens of milliseconds). The playground,
 * with no tasks, is never among them.
 */
export async function labProgress(userId: string, listed?: readonly Lab[]): Promise<Record<string, LabProgress>> {
  const [all, rows] = await Promise.all([listed ?? listLabs(), tasksDone(pool(), userId)]);
  const labs = all.filter((lab) => !isPlayground(lab));
  const progress: Record<string, LabProgress> = {};
  for (const lab of labs) {
    const taskIds = new Set(lab.spec.tasks.map((t) => t.id));
    const done = rows.filter((r) => r.labSlug === lab.slug && taskIds.has(r.taskId));
    const finished = done.length === taskIds.size;
    const last = Math.max(...done.map((r) => new Date(r.at).getTime()));
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

/** A learner's sessions of one lab: how many, and the latest as it stands. */
export interface LabSessions {
  slug: string;
  sessions: number;
  last: Pick<Selectable<SandboxSession>, "status" | "createdAt" | "openedAt" | "closedAt" | "closeReason">;
}

/**
 * Every lab the learner has started (or asked to: a queued session counts), keyed by slug, with their sessions of it.
 * A lab the course no longer has is kept: its sessions still happened.
 */
export async function labSessions(userId: string): Promise<Record<string, LabSessions>> {
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
  return Object.fromEntries(rows.map(({ slug, sessions, ...last }) => [slug, { slug, sessions, last }]));
}
