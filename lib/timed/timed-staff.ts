import { z } from "zod";
import { requireManagedClass, requireTaughtClass, staffScope } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { ASSIGNMENT_KINDS } from "../content/item-kinds";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import {
  type ExtraTime,
  MAX_EXTRA_MINUTES,
  MAX_EXTRA_PERCENT,
  secondsUsed,
  type WindowState,
  windowEndsAt,
  windowState,
} from "./timed-clock";

/**
 * What staff do with timed assessments: give a learner extra time (an accommodation; only the class's instructors
 * and admins, never the learner, whose only route is starting and finishing their own window), and see each
 * learner's window: started at, time used, extra time, state.
 */

type Actor = Pick<CurrentUser, "id" | "role">;

/** The body of setting a learner's extra time: both zero takes it back. */
export const extraTimeInputSchema = z
  .object({
    extraPercent: z
      .number()
      .int("the percentage is a whole number")
      .min(0, "the percentage is at least 0")
      .max(MAX_EXTRA_PERCENT, `the percentage is at most ${MAX_EXTRA_PERCENT}`),
    extraMinutes: z
      .number()
      .int("the minutes are a whole number")
      .min(0, "the minutes are at least 0")
      .max(MAX_EXTRA_MINUTES, `the minutes are at most ${MAX_EXTRA_MINUTES}`),
    reason: z.string().trim().min(1, "a reason is required").max(500, "a reason is at most 500 characters"),
  })
  .strict();

const assignmentRowSchema = z.object({
  id: z.string(),
  kind: z.enum(ASSIGNMENT_KINDS),
  itemSlug: z.string(),
  timeLimitMinutes: z.number().int().nullable(),
});

/**
 * Sets one learner's extra time on a timed assignment of the class. A window already running is lengthened (or
 * shortened) from its own start at once, so the learner's clock follows on their next look; a finished window stays
 * finished: time given after the end does not reopen it.
 */
export async function setExtraTime(
  actor: Actor,
  classId: string,
  assignmentId: string,
  userId: string,
  body: unknown,
  now = new Date(),
): Promise<ExtraTime & { reason: string; endsAt: string | null }> {
  const taught = requireManagedClass(await staffScope(actor), classId, "give extra time");
  if (taught.archived)
    throw new RequestError("CONFLICT", `${taught.name} is archived: its assignments stay as they are.`);
  const input = parseInput(extraTimeInputSchema, body, "The extra time");
  return inTransaction(async (client) => {
    const found = await client.query(
      `SELECT id, kind::text AS kind, "itemSlug", "timeLimitMinutes" FROM assignment WHERE id = $1 AND "classId" = $2`,
      [assignmentId, classId],
    );
    const assignment = z.array(assignmentRowSchema).parse(found.rows)[0];
    if (!assignment) throw new RequestError("NOT_FOUND", "This class has no such assignment.");
    if (assignment.timeLimitMinutes === null)
      throw new RequestError("CONFLICT", "This assignment is not timed: give it a time limit before extra time.");
    const learner = await client.query<{ name: string }>(
      `SELECT u.name FROM class_member m JOIN "user" u ON u.id = m."userId"
        WHERE m."classId" = $1 AND m."userId" = $2 AND m.role = 'learner'`,
      [classId, userId],
    );
    if (!learner.rows[0]) throw new RequestError("NOT_FOUND", "This class has no such learner.");
    const extra = { extraPercent: input.extraPercent, extraMinutes: input.extraMinutes };
    if (extra.extraPercent === 0 && extra.extraMinutes === 0) {
      await client.query(`DELETE FROM timed_extra_time WHERE "assignmentId" = $1 AND "userId" = $2`, [
        assignmentId,
        userId,
      ]);
    } else {
      await client.query(
        `INSERT INTO timed_extra_time ("assignmentId", "userId", "extraPercent", "extraMinutes", reason, "grantedById",
                                       "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz AT TIME ZONE 'UTC')
         ON CONFLICT ("assignmentId", "userId") DO UPDATE SET "extraPercent" = $3, "extraMinutes" = $4, reason = $5,
                                                            "grantedById" = $6,
                                                            "updatedAt" = $7::timestamptz AT TIME ZONE 'UTC'`,
        [assignmentId, userId, extra.extraPercent, extra.extraMinutes, input.reason, actor.id, now],
      );
    }
    const window = await client.query<{ startedAt: Date; endsAt: Date; closedAt: Date | null }>(
      `SELECT "startedAt", "endsAt", "closedAt" FROM timed_window
        WHERE "assignmentId" = $1 AND "userId" = $2 FOR UPDATE`,
      [assignmentId, userId],
    );
    let endsAt = window.rows[0]?.endsAt ?? null;
    if (window.rows[0] && windowState(window.rows[0], now) === "running") {
      // Never into the past: a shortened window that would have ended already ends now.
      const moved = windowEndsAt(window.rows[0].startedAt, assignment.timeLimitMinutes, extra);
      endsAt = moved < now ? now : moved;
      await client.query(
        `UPDATE timed_window SET "endsAt" = $3::timestamptz AT TIME ZONE 'UTC'
          WHERE "assignmentId" = $1 AND "userId" = $2`,
        [assignmentId, userId, endsAt],
      );
    }
    await recordAdminAction(client, actor, {
      action: "timed_extra_time",
      target: { id: userId, label: learner.rows[0].name },
      details: {
        assignmentId,
        classId,
        className: taught.name,
        kind: assignment.kind,
        itemSlug: assignment.itemSlug,
        ...extra,
        reason: input.reason,
      },
    });
    return { ...extra, reason: input.reason, endsAt: endsAt?.toISOString() ?? null };
  });
}

/** One learner's standing on one timed assignment, as its staff see it. */
export interface StaffTimedRow {
  userId: string;
  name: string;
  state: WindowState;
  startedAt: Date | null;
  endsAt: Date | null;
  closedAt: Date | null;
  closedReason: string | null;
  secondsUsed: number | null;
  extra: ExtraTime & { reason: string | null };
}

const staffRowSchema = z.object({
  assignmentId: z.string(),
  userId: z.string(),
  name: z.string(),
  startedAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  closedReason: z.string().nullable(),
  extraPercent: z.number().int(),
  extraMinutes: z.number().int(),
  reason: z.string().nullable(),
});

/**
 * Every learner of the class on every timed assignment of it, keyed by assignment id: not started, running or
 * finished, with the time used and any extra time. Teaching assistants read it too.
 */
export async function classTimedWindows(
  reader: Actor,
  classId: string,
  now = new Date(),
): Promise<Map<string, StaffTimedRow[]>> {
  requireTaughtClass(await staffScope(reader), classId);
  const { rows } = await pool().query(
    `SELECT a.id AS "assignmentId", u.id AS "userId", u.name, w."startedAt", w."endsAt", w."closedAt",
            w."closedReason", COALESCE(x."extraPercent", 0) AS "extraPercent",
            COALESCE(x."extraMinutes", 0) AS "extraMinutes", x.reason
       FROM assignment a
       JOIN class_member m ON m."classId" = a."classId" AND m.role = 'learner'
       JOIN "user" u ON u.id = m."userId"
       LEFT JOIN timed_window w ON w."assignmentId" = a.id AND w."userId" = u.id
       LEFT JOIN timed_extra_time x ON x."assignmentId" = a.id AND x."userId" = u.id
      WHERE a."classId" = $1 AND a."timeLimitMinutes" IS NOT NULL
      ORDER BY a.id, u.name, u.id`,
    [classId],
  );
  const byAssignment = new Map<string, StaffTimedRow[]>();
  for (const row of z.array(staffRowSchema).parse(rows)) {
    const window = row.startedAt && row.endsAt ? { ...row, startedAt: row.startedAt, endsAt: row.endsAt } : null;
    const list = byAssignment.get(row.assignmentId) ?? [];
    list.push({
      userId: row.userId,
      name: row.name,
      state: windowState(window, now),
      startedAt: row.startedAt,
      endsAt: row.endsAt,
      closedAt: row.closedAt,
      closedReason: row.closedReason,
      secondsUsed: window ? secondsUsed(window, now) : null,
      extra: { extraPercent: row.extraPercent, extraMinutes: row.extraMinutes, reason: row.reason },
    });
    byAssignment.set(row.assignmentId, list);
  }
  return byAssignment;
}
