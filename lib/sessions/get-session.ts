import "server-only";
import { sql } from "kysely";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { ownSession, queuePosition, type SessionRow } from "./own-session";
import { estimateWaitSeconds, recentlyOpened } from "./queue-estimate";
import { type TaskStatus, taskStatusSchema } from "./session-protocol";

/**
 * `GET /api/sessions/:id`: the caller's session as its learner sees it (never its host or engine), with, while
 * queued, its place (1: next) and estimated wait, and a lab's tasks' latest standing in the lab's order.
 */
export async function getSession(user: CurrentUser, sessionId: string) {
  const s = await ownSession(user.id, sessionId);
  const [position, tasks, opened] = await Promise.all([
    s.status === "queued" ? queuePosition(pool(), s.id) : undefined,
    s.kind === "lab" ? latestTaskStatuses(s) : undefined,
    s.status === "queued" ? recentlyOpened(pool(), s.kind) : undefined,
  ]);
  const waitSeconds = position === undefined || !opened ? undefined : estimateWaitSeconds(position, opened, new Date());
  const { userId: _, runnerId: _r, engineId: _e, submissionId, labSlug, ...shown } = s;
  return {
    ...shown,
    ...(position === undefined ? {} : { position }),
    ...(waitSeconds === undefined ? {} : { waitSeconds }),
    ...(submissionId ? { submissionId } : {}),
    ...(labSlug ? { slug: labSlug } : {}),
    ...(tasks ? { tasks } : {}),
  };
}

/**
 * The last task event of each task, so a page that loads late starts from where the tasks stand; ordered by each
 * task's first event, which the host's first read writes in the lab's order.
 */
async function latestTaskStatuses(session: SessionRow): Promise<TaskStatus[]> {
  const rows = await typedSql(pool())
    .selectFrom(
      sql`(SELECT DISTINCT ON (data->>'id') data, min(id) OVER (PARTITION BY data->>'id') AS first FROM session_event
           WHERE "sessionId" = ${session.id} AND type = 'task' ORDER BY data->>'id', id DESC)`.as("latest"),
    )
    .select(sql<unknown>`data`.as("data"))
    .orderBy(sql`first`)
    .execute();
  return rows.flatMap((r) => taskStatusSchema.safeParse(r.data).data ?? []);
}
