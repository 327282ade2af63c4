import "server-only";
import { sql } from "kysely";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { ownSession, queuePosition, type SessionRow } from "./own-session";
import { estimateWaitSeconds, recentlyOpened } from "./queue-estimate";
import type { SessionKind, SessionStatus } from "./session-lifecycle";
import { type TaskStatus, taskStatusSchema } from "./session-protocol";

/** What `GET /api/sessions/:id` answers: a session as its learner sees it (never the host or engine it is on). */
export interface SessionState {
  id: string;
  kind: SessionKind;
  status: SessionStatus;
  /** Why it closed, for the learner; null while it is live. */
  closeReason: string | null;
  /** Its place in the queue (1: next to start); only while it is queued. */
  position?: number;
  /** About how many seconds until it opens, from the host's recent pace (queue-estimate.ts); only while queued. */
  waitSeconds?: number;
  cols: number;
  rows: number;
  createdAt: Date;
  /** When it opened: the total time limit counts from it. */
  openedAt: Date | null;
  closedAt: Date | null;
  /** A shell's: the submission whose image it runs. */
  submissionId?: string;
  /** A lab's: which lab, and each task's latest standing as its host read it, in the lab's task order. */
  slug?: string;
  tasks?: TaskStatus[];
}

/** `GET /api/sessions/:id`: the caller's session, with where it stands in the queue and (a lab) its tasks. */
export async function getSession(user: CurrentUser, sessionId: string): Promise<SessionState> {
  const s = await ownSession(user.id, sessionId);
  const [position, tasks, opened] = await Promise.all([
    s.status === "queued" ? queuePosition(pool(), s.id) : undefined,
    s.kind === "lab" ? latestTaskStatuses(s) : undefined,
    s.status === "queued" ? recentlyOpened(pool(), s.kind) : undefined,
  ]);
  const waitSeconds = position === undefined || !opened ? undefined : estimateWaitSeconds(position, opened, new Date());
  return {
    id: s.id,
    kind: s.kind,
    status: s.status,
    closeReason: s.closeReason,
    ...(position === undefined ? {} : { position }),
    ...(waitSeconds === undefined ? {} : { waitSeconds }),
    cols: s.cols,
    rows: s.rows,
    createdAt: s.createdAt,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    ...(s.submissionId ? { submissionId: s.submissionId } : {}),
    ...(s.labSlug ? { slug: s.labSlug } : {}),
    ...(tasks ? { tasks } : {}),
  };
}

/**
 * The last task event of each task in the session's log, so a page that loads late starts from where the tasks
 * stand. The host's first read reports every task in the lab's order, so the order of each task's first event is
 * the lab's (and stays right for a lab since taken out of the course).
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
  return rows.flatMap((r) => {
    const parsed = taskStatusSchema.safeParse(r.data);
    return parsed.success ? [parsed.data] : [];
  });
}
