import { sql } from "kysely";
import type pg from "pg";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
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

/** One pass: the events reported since the last, then the timed labs whose window has ended. */
export async function applyCoursePolicy(db: pg.Pool = pool(), now = new Date()): Promise<PolicyPass> {
  const applied = await inTransaction(async (client) => {
    const pass = { graded: 0, labTasks: 0, snapshots: 0 };
    const q = typedSql(client);
    // Another web server's pass holds the cursor: this one has nothing to do until it ends.
    const cursor = await q
      .selectFrom("course_policy_cursor")
      .select("tx")
      .where("name", "=", "events")
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!cursor) return pass;
    const { tx: horizon } = await q
      .selectNoFrom(
        sql<string>`GREATEST(${cursor.tx}::bigint, pg_snapshot_xmin(pg_current_snapshot())::text::bigint)`.as("tx"),
      )
      .executeTakeFirstOrThrow();
    const graded = await q
      .selectFrom("submission_event as e")
      .innerJoin("submission as s", "s.id", "e.submissionId")
      .select(["s.userId", "s.exerciseSlug"])
      .where("e.type", "=", "status")
      .where("e.tx", ">=", cursor.tx)
      .where("e.tx", "<", horizon)
      .where(sql<string>`e.data->>'status'`, "in", ["passed", "failed"])
      .orderBy("e.tx")
      .orderBy("e.id")
      .execute();
    for (const { userId, exerciseSlug } of graded) {
      // A graded attempt may change a score an LMS keeps: its learner's links for the exercise are marked due.
      await markScoresDue({ kind: "exercise", itemSlug: exerciseSlug, userId }, client);
      pass.graded++;
    }
    const reports = await q
      .selectFrom("session_event")
      .select(["sessionId", "type", "data"])
      .where("type", "in", ["task", "snapshot"])
      .where("tx", ">=", cursor.tx)
      .where("tx", "<", horizon)
      .orderBy("tx")
      .orderBy("id")
      .execute();
    for (const report of reports) {
      if (report.type === "task") pass.labTasks += await taskDone(client, report.sessionId, report.data);
      else pass.snapshots += await fileSnapshot(client, report.sessionId, report.data);
    }
    await q.updateTable("course_policy_cursor").set({ tx: horizon }).where("name", "=", "events").execute();
    return pass;
  }, db);
  // A lab given as a timed assessment ends with its learner's window (lib/timed/timed-labs.ts); asking again at the
  // next pass is harmless, so any web server may.
  const timedLabsClosed = (await closeEndedTimedLabs(db, now)).length;
  return { ...applied, timedLabsClosed };
}

/** A task the host saw done is the learner's, the first time (recordLabTaskDone marks the lab's LMS score due). */
async function taskDone(client: pg.PoolClient, sessionId: string, data: unknown): Promise<number> {
  const task = data as { id?: unknown; done?: unknown };
  if (task.done !== true || typeof task.id !== "string") return 0;
  return (await recordLabTaskDone(client, sessionId, task.id)) ? 1 : 0;
}

/**
 * The engine a host read for a help request, filed in it. A snapshot that does not parse is dropped with its reason
 * kept in the request, so staff read that the engine was not read rather than a guess.
 */
async function fileSnapshot(client: pg.PoolClient, sessionId: string, data: unknown): Promise<number> {
  const { helpId, engine } = data as { helpId?: unknown; engine?: unknown };
  if (typeof helpId !== "string") return 0;
  await client.query("SAVEPOINT snapshot");
  try {
    const filed = await attachEngineSnapshot(client, helpId, sessionId, engine as never);
    await client.query("RELEASE SAVEPOINT snapshot");
    return filed ? 1 : 0;
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT snapshot");
    const reason = `the lab's report of its engine could not be read: ${(err as Error).message.slice(0, 200)}`;
    const unread = { kind: "unread" as const, readAt: new Date().toISOString(), reason };
    return (await attachEngineSnapshot(client, helpId, sessionId, unread)) ? 1 : 0;
  }
}
