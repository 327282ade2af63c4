import { sql } from "kysely";
import { z } from "zod";
import { requireManagedClass, requireTaughtClass, staffScope } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import {
  type ExtraTime,
  MAX_EXTRA_MINUTES,
  MAX_EXTRA_PERCENT,
  secondsUsed,
  windowEndsAt,
  windowState,
} from "./timed-clock";

/**
 * What staff do with timed assessments: give a learner extra time (an accommodation; only the class's instructors
 * and admins, never the learner, whose only route is starting and finishing their own window), and see each
 * learner's window: started at, time used, extra time, state.
 */

type Actor = Pick<CurrentUser, "id" | "role">;

/** A whole number from 0 to `max`, refused in words that start with `what` ("the minutes are"). */
const wholeUpTo = (what: string, max: number) =>
  z.number().int(`${what} a whole number`).min(0, `${what} at least 0`).max(max, `${what} at most ${max}`);

/** The body of setting a learner's extra time: both zero takes it back. */
const extraTimeInputSchema = z
  .object({
    extraPercent: wholeUpTo("the percentage is", MAX_EXTRA_PERCENT),
    extraMinutes: wholeUpTo("the minutes are", MAX_EXTRA_MINUTES),
    reason: z.string().trim().min(1, "a reason is required").max(500, "a reason is at most 500 characters"),
  })
  .strict();

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
  const { reason, ...extra } = parseInput(extraTimeInputSchema, body, "The extra time");
  return inTransaction(async (client) => {
    const q = typedSql(client);
    const assignment = await q
      .selectFrom("assignment")
      .select(["id", "kind", "itemSlug", "timeLimitMinutes"])
      .where((w) => w.and({ id: assignmentId, classId }))
      .executeTakeFirst();
    if (!assignment) throw new RequestError("NOT_FOUND", "This class has no such assignment.");
    if (assignment.timeLimitMinutes === null)
      throw new RequestError("CONFLICT", "This assignment is not timed: give it a time limit before extra time.");
    const learner = await q
      .selectFrom("class_member as m")
      .innerJoin("user as u", "u.id", "m.userId")
      .select("u.name")
      .where((w) => w.and({ "m.classId": classId, "m.userId": userId, "m.role": "learner" }))
      .executeTakeFirst();
    if (!learner) throw new RequestError("NOT_FOUND", "This class has no such learner.");
    const mine = { assignmentId, userId };
    const utc = (at: Date) => sql<Date>`${at}::timestamptz AT TIME ZONE 'UTC'`;
    if (extra.extraPercent === 0 && extra.extraMinutes === 0) {
      await q
        .deleteFrom("timed_extra_time")
        .where((w) => w.and(mine))
        .execute();
    } else {
      const set = { ...extra, reason, grantedById: actor.id, updatedAt: utc(now) };
      const into = q.insertInto("timed_extra_time").values({ ...mine, ...set });
      await into.onConflict((oc) => oc.columns(["assignmentId", "userId"]).doUpdateSet(set)).execute();
    }
    const window = await q
      .selectFrom("timed_window")
      .select(["startedAt", "endsAt", "closedAt"])
      .where((w) => w.and(mine))
      .forUpdate()
      .executeTakeFirst();
    let endsAt = window?.endsAt ?? null;
    if (window && windowState(window, now) === "running") {
      // Never into the past: a shortened window that would have ended already ends now.
      const moved = windowEndsAt(window.startedAt, assignment.timeLimitMinutes, extra);
      endsAt = moved < now ? now : moved;
      await q
        .updateTable("timed_window")
        .set({ endsAt: utc(endsAt) })
        .where((w) => w.and(mine))
        .execute();
    }
    await recordAdminAction(client, actor, {
      action: "timed_extra_time",
      target: { id: userId, label: learner.name },
      details: {
        assignmentId,
        classId,
        className: taught.name,
        kind: assignment.kind,
        itemSlug: assignment.itemSlug,
        ...extra,
        reason,
      },
    });
    return { ...extra, reason, endsAt: endsAt?.toISOString() ?? null };
  });
}

/** One learner's standing on one timed assignment, as its staff see it. */
export type StaffTimedRow = NonNullable<ReturnType<Awaited<ReturnType<typeof classTimedWindows>>["get"]>>[number];

/**
 * Every learner of the class on every timed assignment of it, keyed by assignment id: not started, running or
 * finished, with the time used and any extra time. Teaching assistants read it too.
 */
export async function classTimedWindows(reader: Actor, classId: string, now = new Date()) {
  requireTaughtClass(await staffScope(reader), classId);
  const rows = await typedSql(pool())
    .selectFrom("assignment as a")
    .innerJoin("class_member as m", (j) => j.onRef("m.classId", "=", "a.classId").on("m.role", "=", "learner"))
    .innerJoin("user as u", "u.id", "m.userId")
    .leftJoin("timed_window as w", (j) => j.onRef("w.assignmentId", "=", "a.id").onRef("w.userId", "=", "u.id"))
    .leftJoin("timed_extra_time as x", (j) => j.onRef("x.assignmentId", "=", "a.id").onRef("x.userId", "=", "u.id"))
    .select(["a.id as assignmentId", "u.id as userId", "u.name", "w.startedAt", "w.endsAt", "w.closedAt", "x.reason"])
    .select((eb) => [
      "w.closedReason",
      eb.fn.coalesce("x.extraPercent", eb.lit(0)).as("extraPercent"),
      eb.fn.coalesce("x.extraMinutes", eb.lit(0)).as("extraMinutes"),
    ])
    .where((w) => w.and([w("a.classId", "=", classId), w("a.timeLimitMinutes", "is not", null)]))
    .orderBy("a.id")
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
  const entries = rows.map(({ assignmentId, extraPercent, extraMinutes, reason, ...row }) => {
    const window = row.startedAt && row.endsAt ? { ...row, startedAt: row.startedAt, endsAt: row.endsAt } : null;
    const used = window ? secondsUsed(window, now) : null;
    const extra = { extraPercent, extraMinutes, reason };
    return [assignmentId, { ...row, state: windowState(window, now), secondsUsed: used, extra }] as const;
  });
  const byAssignment = new Map<string, (typeof entries)[number][1][]>();
  for (const [id, row] of entries) byAssignment.set(id, [...(byAssignment.get(id) ?? []), row]);
  return byAssignment;
}
