import { z } from "zod";
import { pool } from "../db/pool";
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

const rowSchema = z.object({
  assignmentId: z.string(),
  userId: z.string(),
  startedAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  closedAt: z.date().nullable(),
});

/** Reads how each target is scored, in one query; the answer looks a pair up (untimed when not timed). */
export async function timedScoring(
  targets: Array<{ assignmentId: string; userId: string }>,
): Promise<(assignmentId: string, userId: string) => TimedScoring> {
  if (targets.length === 0) return () => UNTIMED;
  const { rows } = await pool().query(
    `SELECT a.id AS "assignmentId", u."userId", w."startedAt", w."endsAt", w."closedAt"
       FROM assignment a
      CROSS JOIN unnest($2::text[]) AS u("userId")
       LEFT JOIN timed_window w ON w."assignmentId" = a.id AND w."userId" = u."userId"
      WHERE a.id = ANY($1::text[]) AND a."timeLimitMinutes" IS NOT NULL`,
    [[...new Set(targets.map((t) => t.assignmentId))], [...new Set(targets.map((t) => t.userId))]],
  );
  const found = new Map<string, TimedScoring>();
  for (const row of z.array(rowSchema).parse(rows)) {
    const window =
      row.startedAt && row.endsAt ? { startedAt: row.startedAt, endsAt: row.endsAt, closedAt: row.closedAt } : null;
    found.set(`${row.assignmentId}\n${row.userId}`, { timed: true, window });
  }
  return (assignmentId, userId) => found.get(`${assignmentId}\n${userId}`) ?? UNTIMED;
}
