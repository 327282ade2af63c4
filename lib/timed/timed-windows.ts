import { sql } from "kysely";
import type pg from "pg";
import { z } from "zod";
import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";
import { slugSchema } from "../content/schemas";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import {
  allowedSeconds,
  countsInWindow,
  type ExtraTime,
  secondsUsed,
  type TimedWindowTimes,
  type WindowState,
  windowEndsAt,
  windowState,
  windowStop,
} from "./timed-clock";

/**
 * A learner's windows of timed assessments: the one writer of `timed_window`, and what the rules read while one runs
 * (the work a window takes, whether help is closed), which `lib/learner-access/` decides for every feature. The
 * window's end is fixed by the server when the learner starts and lives only in the database, so a reload, another
 * tab or a restarted server reads the same clock. Its key, (assignment, learner), makes a second window impossible:
 * starting again answers the same one.
 *
 * This folder sits below that guard and the features it guards (hints, solutions, submissions, quizzes, labs, help)
 * and below `lib/classes/` (whose scores count only a window's work), so it reads the assignment rows with SQL of its
 * own; the learner's due date is read as `lib/classes/deadlines.ts` reads it (an extension replaces the class's).
 *
 * No "server-only" marker: the web server's course-policy worker (lib/course-policy/) closes labs whose window ended
 * (`closeEndedTimedLabs`, timed-labs.ts) and sends scores outside Next.js.
 */

type Db = pg.Pool | pg.PoolClient;

/** The learner's timed assignments (of one item when `item` is given; of one assignment when `assignmentId` is). */
function timedRows(
  db: Db,
  userId: string,
  filter: { item?: { kind: AssignmentKind; itemSlug: string }; assignmentId?: string } = {},
) {
  const { item, assignmentId } = filter;
  const mine = (table: "e" | "x" | "w") => sql<boolean>`${sql.ref(`${table}.assignmentId`)} = a.id
    AND ${sql.ref(`${table}.userId`)} = m."userId"`;
  return typedSql(db)
    .selectFrom("class_member as m")
    .innerJoin("class as c", "c.id", "m.classId")
    .innerJoin("assignment as a", (j) =>
      j.onRef("a.classId", "=", "m.classId").on("a.timeLimitMinutes", "is not", null),
    )
    .leftJoin("assignment_extension as e", (j) => j.on(mine("e")))
    .leftJoin("timed_extra_time as x", (j) => j.on(mine("x")))
    .leftJoin("timed_window as w", (j) => j.on(mine("w")))
    .select(["a.id as assignmentId", "a.classId", "c.name as className", "a.kind", "a.itemSlug", "a.opensAt"])
    .select((eb) => [
      // The learner's due date: their extension's, else the class's.
      eb.fn.coalesce("e.dueAt", "a.dueAt").as("dueAt"),
      eb.ref("a.timeLimitMinutes").$notNull().as("timeLimitMinutes"),
      eb.fn.coalesce("x.extraPercent", sql<number>`0`).as("extraPercent"),
      eb.fn.coalesce("x.extraMinutes", sql<number>`0`).as("extraMinutes"),
    ])
    .select(["w.startedAt", "w.endsAt", "w.closedAt", "w.closedReason"])
    .where("m.userId", "=", userId)
    .where("m.role", "=", "learner")
    .$if(item !== undefined, (q) => q.where("a.kind", "=", item!.kind).where("a.itemSlug", "=", item!.itemSlug))
    .$if(assignmentId !== undefined, (q) => q.where("a.id", "=", assignmentId!))
    .orderBy("dueAt")
    .orderBy("a.id")
    .execute();
}
type TimedRow = Awaited<ReturnType<typeof timedRows>>[number];

/** A moment as the UTC timestamp the window's columns keep. */
const utc = (at: Date) => sql<Date>`${at}::timestamptz AT TIME ZONE 'UTC'`;

function windowOf(row: TimedRow): (TimedWindowTimes & { closedReason: string | null }) | null {
  return row.startedAt && row.endsAt
    ? { startedAt: row.startedAt, endsAt: row.endsAt, closedAt: row.closedAt, closedReason: row.closedReason }
    : null;
}

function extraOf(row: TimedRow): ExtraTime {
  return { extraPercent: row.extraPercent, extraMinutes: row.extraMinutes };
}

/** "14:05 UTC": how messages name a moment (the page shows it again in the reader's own zone). */
export function utcTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** One timed assessment as its learner's page shows it. Dates are ISO strings: it goes to the browser as it is. */
export interface TimedAssessmentView {
  assignmentId: string;
  className: string;
  kind: AssignmentKind;
  itemSlug: string;
  limitMinutes: number;
  extra: ExtraTime;
  /** The limit with the extra time, in seconds: what starting now gives. */
  allowedSeconds: number;
  opensAt: string | null;
  dueAt: string;
  state: WindowState;
  startedAt: string | null;
  /** When the window ends (or ended), fixed by the server at the start. */
  endsAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
  secondsUsed: number | null;
  /** Why it cannot be started now; absent when it can (not started, open, before the due date). */
  cannotStart?: string;
}

function viewOf(row: TimedRow, now: Date): TimedAssessmentView {
  const window = windowOf(row);
  const state = windowState(window, now);
  const cannotStart =
    state !== "not-started"
      ? "Each learner has one window of a timed assessment."
      : row.opensAt && now < row.opensAt
        ? `It opens at ${utcTime(row.opensAt)}.`
        : now >= row.dueAt
          ? `Its due date (${utcTime(row.dueAt)}) has passed.`
          : undefined;
  return {
    assignmentId: row.assignmentId,
    className: row.className,
    kind: row.kind,
    itemSlug: row.itemSlug,
    limitMinutes: row.timeLimitMinutes,
    extra: extraOf(row),
    allowedSeconds: allowedSeconds(row.timeLimitMinutes, extraOf(row)),
    opensAt: row.opensAt?.toISOString() ?? null,
    dueAt: row.dueAt.toISOString(),
    state,
    startedAt: window?.startedAt.toISOString() ?? null,
    endsAt: window?.endsAt.toISOString() ?? null,
    closedAt: window?.closedAt?.toISOString() ?? null,
    closedReason: window?.closedReason ?? null,
    secondsUsed: window ? secondsUsed(window, now) : null,
    ...(cannotStart ? { cannotStart } : {}),
  };
}

/** The learner's timed assessments of one item (usually one), for its page. */
export async function timedAssessmentsOf(
  userId: string,
  item: { kind: AssignmentKind; itemSlug: string },
  now = new Date(),
): Promise<TimedAssessmentView[]> {
  return (await timedRows(pool(), userId, { item })).map((row) => viewOf(row, now));
}

/**
 * Starts the learner's window: its end is the time limit with their extra time from now, written once. Starting an
 * assessment whose window exists answers that window as it is (a second click, another tab): never a new one, and a
 * finished window is never reopened. Refused before the assignment opens and after the learner's due date.
 */
export async function startTimedWindow(
  userId: string,
  assignmentId: string,
  now = new Date(),
): Promise<TimedAssessmentView> {
  return inTransaction(async (client) => {
    const [row] = await timedRows(client, userId, { assignmentId });
    if (!row) throw new RequestError("NOT_FOUND", "You have no timed assessment with this id.");
    if (!windowOf(row)) {
      const view = viewOf(row, now);
      if (view.cannotStart)
        throw new RequestError("CONFLICT", `This timed assessment cannot start: ${view.cannotStart}`);
      // ON CONFLICT: two starts at once (two tabs) both pass the look above; the key keeps one window.
      const endsAt = windowEndsAt(now, row.timeLimitMinutes, extraOf(row));
      await typedSql(client)
        .insertInto("timed_window")
        .values({ assignmentId, userId, startedAt: utc(now), endsAt: utc(endsAt) })
        .onConflict((oc) => oc.columns(["assignmentId", "userId"]).doNothing())
        .execute();
    }
    const [after] = await timedRows(client, userId, { assignmentId });
    return viewOf(after!, now);
  });
}

/** Why a window closed before its end. */
export type CloseReason = "finished" | "handed-in";

/** Ends the learner's running window now (finished early, or the quiz handed in); a finished one stays as it is. */
export async function finishTimedWindow(
  userId: string,
  assignmentId: string,
  reason: CloseReason = "finished",
  now = new Date(),
  db: Db = pool(),
): Promise<void> {
  await typedSql(db)
    .updateTable("timed_window")
    .set({ closedAt: utc(now), closedReason: reason })
    .where("assignmentId", "=", assignmentId)
    .where("userId", "=", userId)
    .where("closedAt", "is", null)
    .where("endsAt", ">", utc(now))
    .execute();
}

/** As `finishTimedWindow`, for a learner's own request: their assessment, or 404. */
export async function finishOwnTimedWindow(userId: string, assignmentId: string, now = new Date()) {
  const [row] = await timedRows(pool(), userId, { assignmentId });
  if (!row) throw new RequestError("NOT_FOUND", "You have no timed assessment with this id.");
  await finishTimedWindow(userId, assignmentId, "finished", now);
  return (await timedAssessmentsOf(userId, { kind: row.kind, itemSlug: row.itemSlug }, now)).find(
    (v) => v.assignmentId === assignmentId,
  )!;
}

/** The learner's windows running now, soonest ending first. */
export async function runningTimedWindows(userId: string, now = new Date()): Promise<TimedAssessmentView[]> {
  const rows = await timedRows(pool(), userId);
  return rows
    .map((row) => viewOf(row, now))
    .filter((v) => v.state === "running")
    .sort((a, b) => Date.parse(a.endsAt!) - Date.parse(b.endsAt!));
}

/** Whether help is closed for the learner now: the running window that closes it, else null. */
export async function helpClosedBy(userId: string, now = new Date()): Promise<TimedAssessmentView | null> {
  return (await runningTimedWindows(userId, now))[0] ?? null;
}

/** Where one of the learner's timed assessments of an item stands for work taken now. */
export interface TimedWorkStanding {
  assignmentId: string;
  className: string;
  /** Work taken now belongs to the learner's window: inside it, or in its grace. */
  counts: boolean;
  /** Open, and before the learner's due date: outside that the item is ordinary practice. */
  live: boolean;
  /** When the learner's window stopped taking work; null before it started. */
  stoppedAt: Date | null;
  /** The limit with the learner's extra time. */
  allowedSeconds: number;
}

/**
 * The learner's timed assessments of an item as work taken now stands in them: the facts `lib/learner-access/`
 * decides by (it refuses work outside a live window), and the windows a quiz hands in.
 */
export async function timedWorkStanding(
  userId: string,
  item: { kind: AssignmentKind; itemSlug: string },
  now = new Date(),
): Promise<TimedWorkStanding[]> {
  return (await timedRows(pool(), userId, { item })).map((row) => {
    const window = windowOf(row);
    return {
      assignmentId: row.assignmentId,
      className: row.className,
      counts: window !== null && countsInWindow(window, now),
      live: (!row.opensAt || row.opensAt <= now) && now < row.dueAt,
      stoppedAt: window && windowStop(window),
      allowedSeconds: allowedSeconds(row.timeLimitMinutes, extraOf(row)),
    };
  });
}

/**
 * While a window on the item runs, the learner's earlier work on it (reports, history, feedback) is closed: the
 * moment the window started, before which attempts are hidden; null when no window on it runs.
 */
export async function earlierFeedbackClosedBefore(
  userId: string,
  item: { kind: AssignmentKind; itemSlug: string },
  now = new Date(),
): Promise<Date | null> {
  const running = (await timedRows(pool(), userId, { item }))
    .map(windowOf)
    .filter((w) => w !== null && windowState(w, now) === "running");
  return running.length ? new Date(Math.min(...running.map((w) => w!.startedAt.getTime()))) : null;
}

/** The query of `GET /api/me/timed`: one item, as `?kind=exercise|lab|quiz&item=<slug>`. */
export const timedQuerySchema = z.object({
  kind: z.enum(ASSIGNMENT_KINDS, { error: `the kind is one of ${ASSIGNMENT_KINDS.join(", ")}` }),
  item: z.string({ error: "the item is the slug of an exercise, a lab or a lesson" }).pipe(slugSchema),
});

/** What an item's page reads of the reader's timed assessments (JSON as it is). */
export interface ReaderTimed {
  assessments: TimedAssessmentView[];
  /** The server's clock when it answered: the page counts down from the server's end, not its own clock. */
  serverNow: string;
  /** Whether help (hints, the solution, asking staff) is closed now by a running window, of this item or another. */
  helpClosed: boolean;
}

/** The reader's timed assessments of one item; a visitor has none (the pages that ask are public). */
export async function readerTimed(
  user: { id: string } | null,
  query: z.infer<typeof timedQuerySchema>,
  now = new Date(),
): Promise<ReaderTimed> {
  if (!user) return { assessments: [], serverNow: now.toISOString(), helpClosed: false };
  const [assessments, closedBy] = await Promise.all([
    timedAssessmentsOf(user.id, { kind: query.kind, itemSlug: query.item }, now),
    helpClosedBy(user.id, now),
  ]);
  return { assessments, serverNow: now.toISOString(), helpClosed: closedBy !== null };
}
