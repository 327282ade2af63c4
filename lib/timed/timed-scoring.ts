import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { countsInWindow, type TimedWindowTimes } from "./timed-clock";

/**
 * What of a learner's work a timed assignment counts: only what reached the server inside their window (and its
 * grace), credited as at the window's start, so a window started before the due date earns full credit to its end.
 * Work before the start or after the end (practice, or a second try once the due date passed) counts for nothing
 * in that assignment; an untimed assignment counts everything. The one rule, read by
 * `lib/classes/assignment-scores.ts`.
 */

/** How one (assignment, learner) pair is scored: untimed, or timed with the learner's window (null: never started). */
export type TimedScoring = { timed: false } | { timed: true; window: TimedWindowTimes | null };

const UNTIMED: TimedScoring = { timed: false };

/** The moments of work that count, each moved to the window's start; all of them for an untimed assignment. */
export function countedTimes(scoring: TimedScoring, times: Date[]): Date[] {
  if (!scoring.timed) return times;
  const { window } = scoring;
  if (!window) return [];
  return times.filter((at) => countsInWindow(window, at)).map(() => window.startedAt);
}

/** `countedTimes` for work with a time `at`: what counts, at the window's start. */
export function countedWork<W extends { at: Date }>(scoring: TimedScoring, work: W[]): W[] {
  if (!scoring.timed) return work;
  const { window } = scoring;
  if (!window) return [];
  return work.filter((w) => countsInWindow(window, w.at)).map((w) => ({ ...w, at: window.startedAt }));
}

/** Reads how each target is scored, in one query; the answer looks a pair up (untimed when not timed). */
export async function timedScoring(
  targets: Array<{ assignmentId: string; userId: string }>,
): Promise<(assignmentId: string, userId: string) => TimedScoring> {
  if (targets.length === 0) return () => UNTIMED;
  const ids = (key: "assignmentId" | "userId") => sql`${[...new Set(targets.map((t) => t[key]))]}::text[]`;
  const rows = await typedSql(pool())
    .selectFrom("assignment as a")
    .crossJoin(sql`unnest(${ids("userId")})`.as<"u">(sql`u("userId")`))
    .leftJoin("timed_window as w", (j) => j.on(sql<boolean>`w."assignmentId" = a.id AND w."userId" = u."userId"`))
    .select(["a.id as assignmentId", sql<string>`u."userId"`.as("userId"), "w.startedAt", "w.endsAt", "w.closedAt"])
    .where(sql<boolean>`a.id = ANY(${ids("assignmentId")}) AND a."timeLimitMinutes" IS NOT NULL`)
    .execute();
  const found = new Map<string, TimedScoring>();
  for (const row of rows) {
    const window =
      row.startedAt && row.endsAt ? { startedAt: row.startedAt, endsAt: row.endsAt, closedAt: row.closedAt } : null;
    found.set(`${row.assignmentId}\n${row.userId}`, { timed: true, window });
  }
  return (assignmentId, userId) => found.get(`${assignmentId}\n${userId}`) ?? UNTIMED;
}
