import type pg from "pg";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { attachEngineSnapshot } from "../help/help-snapshots";
import { recordLabTaskDone } from "../labs/lab-tasks-done";
import { markScoresDue } from "../scores-due/scores-due";
import { closeEndedTimedLabs } from "../timed/timed-labs";

/*
 * Hosts report, the web decides. A sandbox host writes only the moves of the submissions and sessions it runs and
 * their events; what those mean for the course is decided here, in the web's process: a graded attempt makes the
 * learner's LMS scores due, a lab task done is the learner's credit (and its LMS score), a lab's engine snapshot is
 * filed in the help request that asked for it, and a timed assessment's end closes its labs.
 *
 * Events are read by the id of the transaction that wrote them (their `tx` column), never by their own id: ids are
 * taken before commit, so a smaller one can still land after a larger one is read. Every transaction below
 * `pg_snapshot_xmin` (the oldest still running) has ended, so the events below it are all there is, and a pass takes
 * exactly those above the cursor: each event once, in any number of web servers (one holds the cursor at a time).
 * The price: an event waits while any older transaction is still open, which in this app lasts milliseconds.
 */

/** What one pass did, for the worker's log. */
export interface PolicyPass {
  /** Graded attempts whose learners' LMS scores were marked due. */
  graded: number;
  /** Lab tasks done for the first time (credit recorded). */
  labTasks: number;
  /** Help requests that got their lab's engine snapshot. */
  snapshots: number;
  /** Live labs closed (or asked to close) because their timed assessment ended. */
  timedLabsClosed: number;
}

interface ReportedEvent {
  source: "submission" | "session";
  subjectId: string;
  type: string;
  data: unknown;
}

/** One pass: the events reported since the last, then the timed labs whose window has ended. */
export async function applyCoursePolicy(db: pg.Pool = pool(), now = new Date()): Promise<PolicyPass> {
  const applied = await inTransaction(async (client) => {
    const pass = { graded: 0, labTasks: 0, snapshots: 0 };
    // Another web server's pass holds the cursor: this one has nothing to do until it ends.
    const { rows: cursor } = await client.query<{ tx: string }>(
      `SELECT tx::text FROM course_policy_cursor WHERE name = 'events' FOR UPDATE SKIP LOCKED`,
    );
    if (!cursor[0]) return pass;
    const { rows: horizon } = await client.query<{ tx: string }>(
      `SELECT GREATEST($1::bigint, pg_snapshot_xmin(pg_current_snapshot())::text::bigint)::text AS tx`,
      [cursor[0].tx],
    );
    const range = [cursor[0].tx, horizon[0]!.tx];
    const { rows: events } = await client.query<ReportedEvent>(
      `SELECT 'submission' AS source, "submissionId" AS "subjectId", type, data, tx, id FROM submission_event
        WHERE type = 'status' AND tx >= $1::bigint AND tx < $2::bigint AND data->>'status' IN ('passed', 'failed')
       UNION ALL
       SELECT 'session', "sessionId", type, data, tx, id FROM session_event
        WHERE type IN ('task', 'snapshot') AND tx >= $1::bigint AND tx < $2::bigint
       ORDER BY tx, id`,
      range,
    );
    for (const event of events) {
      if (event.source === "submission") pass.graded += await gradedAttempt(client, event.subjectId);
      else if (event.type === "task") pass.labTasks += await taskDone(client, event);
      else pass.snapshots += await fileSnapshot(client, event);
    }
    await client.query(`UPDATE course_policy_cursor SET tx = $1::bigint WHERE name = 'events'`, [range[1]]);
    return pass;
  }, db);
  // A lab given as a timed assessment ends with its learner's window (lib/timed/timed-labs.ts); asking again at the
  // next pass is harmless, so any web server may.
  const timedLabsClosed = (await closeEndedTimedLabs(db, now)).length;
  return { ...applied, timedLabsClosed };
}

/** A graded attempt may change a score an LMS keeps: its learner's links for the exercise are marked due. */
async function gradedAttempt(client: pg.PoolClient, submissionId: string): Promise<number> {
  const { rows } = await client.query<{ userId: string; exerciseSlug: string }>(
    `SELECT "userId", "exerciseSlug" FROM submission WHERE id = $1`,
    [submissionId],
  );
  const graded = rows[0];
  if (!graded) return 0;
  await markScoresDue({ kind: "exercise", itemSlug: graded.exerciseSlug, userId: graded.userId }, client);
  return 1;
}

/** A task the host saw done is the learner's, the first time (recordLabTaskDone marks the lab's LMS score due). */
async function taskDone(client: pg.PoolClient, event: ReportedEvent): Promise<number> {
  const task = event.data as { id?: unknown; done?: unknown };
  if (task.done !== true || typeof task.id !== "string") return 0;
  return (await recordLabTaskDone(client, event.subjectId, task.id)) ? 1 : 0;
}

/**
 * The engine a host read for a help request, filed in it. A snapshot that does not parse is dropped with its reason
 * kept in the request, so staff read that the engine was not read rather than a guess.
 */
async function fileSnapshot(client: pg.PoolClient, event: ReportedEvent): Promise<number> {
  const { helpId, engine } = event.data as { helpId?: unknown; engine?: unknown };
  if (typeof helpId !== "string") return 0;
  await client.query("SAVEPOINT snapshot");
  try {
    const filed = await attachEngineSnapshot(client, helpId, event.subjectId, engine as never);
    await client.query("RELEASE SAVEPOINT snapshot");
    return filed ? 1 : 0;
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT snapshot");
    const reason = `the lab's report of its engine could not be read: ${(err as Error).message.slice(0, 200)}`;
    const unread = { kind: "unread" as const, readAt: new Date().toISOString(), reason };
    return (await attachEngineSnapshot(client, helpId, event.subjectId, unread)) ? 1 : 0;
  }
}
