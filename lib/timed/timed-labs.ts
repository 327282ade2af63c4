import { sql } from "kysely";
import type pg from "pg";
import { typedSql } from "../db/typed-sql";
import { moveSession, notifySessionControl } from "../sessions/session-store";
import { TIMED_GRACE_SECONDS } from "./timed-clock";

/** What the learner's lab page says when the window closed their lab. */
export const TIMED_LAB_CLOSED =
  "Your timed assessment ended, so its lab was closed. Work after the end does not count.";

/**
 * Closes the labs of timed assessments whose window has ended: every live lab of that learner and lab that started
 * before the window stopped (one started afterwards is practice once the due date has passed, and stays). A queued
 * lab is closed here; a starting or open one is asked of its host, which closes it with the reason. The web's
 * course-policy worker runs it every second (lib/course-policy/), so a lab ends within the grace of its window's end;
 * asking again at the next pass is harmless. Answers the sessions it closed or asked to close.
 */
export async function closeEndedTimedLabs(db: pg.Pool | pg.PoolClient, now = new Date()): Promise<string[]> {
  const timed = sql<boolean>`a.kind = 'lab' AND a."itemSlug" = s."labSlug" AND a."timeLimitMinutes" IS NOT NULL`;
  const ended = sql`LEAST(w."endsAt", COALESCE(w."closedAt", w."endsAt"))`;
  const rows = await typedSql(db)
    .selectFrom("sandbox_session as s")
    .innerJoin("assignment as a", (j) => j.on(timed))
    .innerJoin("timed_window as w", (j) => j.onRef("w.assignmentId", "=", "a.id").onRef("w.userId", "=", "s.userId"))
    .select(["s.id", "s.status"])
    .where(sql<boolean>`s.kind = 'lab' AND s.status IN ('queued', 'starting', 'open')
      AND ${ended} + make_interval(secs => ${TIMED_GRACE_SECONDS}) < ${now}::timestamptz AT TIME ZONE 'UTC'
      AND s."createdAt" < ${ended}`)
    .execute();
  const closed: string[] = [];
  for (const session of new Map(rows.map((r) => [r.id, r])).values()) {
    if (session.status === "queued") {
      const outcome = await moveSession(db, session.id, { to: "closed", reason: TIMED_LAB_CLOSED });
      if (!outcome.moved) continue;
    } else {
      await notifySessionControl(db, { kind: "close", sessionId: session.id, reason: TIMED_LAB_CLOSED });
    }
    closed.push(session.id);
  }
  return closed;
}
