import type pg from "pg";
import { z } from "zod";
import { ASSIGNMENT_KINDS, type AssignmentKind } from "../content/item-kinds";
import { slugSchema } from "../content/schemas";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
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
 * A learner's windows of timed assessments: the one writer of `timed_window`, and the rules every feature asks while
 * one runs (work taken only inside it, help closed). The window's end is fixed by the server when the learner starts
 * and lives only in the database, so a reload, another tab or a restarted server reads the same clock. Its key,
 * (assignment, learner), makes a second window impossible: starting again answers the same one.
 *
 * This folder sits below the features it guards (exercises' hints, solutions, submissions, quizzes, labs, help) and
 * below `lib/classes/` (whose scores count only a window's work), so it reads the assignment rows with SQL of its
 * own; the learner's due date is read as `lib/classes/deadlines.ts` reads it (an extension replaces the class's).
 *
 * No "server-only" marker: the runner closes labs whose window ended (`closeEndedTimedLabs`, timed-labs.ts) and the
 * score sender scores outside Next.js.
 */

type Db = Pick<pg.ClientBase, "query">;

const rowSchema = z.object({
  assignmentId: z.string(),
  classId: z.string(),
  className: z.string(),
  kind: z.enum(ASSIGNMENT_KINDS),
  itemSlug: z.string(),
  opensAt: z.date().nullable(),
  /** The learner's due date: their extension's, else the class's. */
  dueAt: z.date(),
  timeLimitMinutes: z.number().int().positive(),
  extraPercent: z.number().int().min(0),
  extraMinutes: z.number().int().min(0),
  startedAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  closedReason: z.string().nullable(),
});
type TimedRow = z.infer<typeof rowSchema>;

const TIMED_ROWS_SQL = `
  SELECT a.id AS "assignmentId", a."classId", c.name AS "className", a.kind::text AS kind, a."itemSlug", a."opensAt",
         COALESCE(e."dueAt", a."dueAt") AS "dueAt", a."timeLimitMinutes",
         COALESCE(x."extraPercent", 0) AS "extraPercent", COALESCE(x."extraMinutes", 0) AS "extraMinutes",
         w."startedAt", w."endsAt", w."closedAt", w."closedReason"
    FROM class_member m
    JOIN class c ON c.id = m."classId"
    JOIN assignment a ON a."classId" = m."classId" AND a."timeLimitMinutes" IS NOT NULL
    LEFT JOIN assignment_extension e ON e."assignmentId" = a.id AND e."userId" = m."userId"
    LEFT JOIN timed_extra_time x ON x."assignmentId" = a.id AND x."userId" = m."userId"
    LEFT JOIN timed_window w ON w."assignmentId" = a.id AND w."userId" = m."userId"
   WHERE m."userId" = $1 AND m.role = 'learner'`;

/** The learner's timed assignments (of one item when `item` is given; of one assignment when `assignmentId` is). */
async function timedRows(
  db: Db,
  userId: string,
  filter: { item?: { kind: AssignmentKind; itemSlug: string }; assignmentId?: string } = {},
): Promise<TimedRow[]> {
  const { rows } = await db.query(
    `${TIMED_ROWS_SQL}
        AND ($2::text IS NULL OR (a.kind::text = $2 AND a."itemSlug" = $3))
        AND ($4::text IS NULL OR a.id = $4)
      ORDER BY 7, a.id`,
    [userId, filter.item?.kind ?? null, filter.item?.itemSlug ?? null, filter.assignmentId ?? null],
  );
  return z.array(rowSchema).parse(rows);
}

function windowOf(row: TimedRow): (TimedWindowTimes & { closedReason: string | null }) | null {
  return row.startedAt && row.endsAt
    ? { startedAt: row.startedAt, endsAt: row.endsAt, closedAt: row.closedAt, closedReason: row.closedReason }
    : null;
}

function extraOf(row: TimedRow): ExtraTime {
  return { extraPercent: row.extraPercent, extraMinutes: row.extraMinutes };
}

/** "14:05 UTC": how messages name a moment (the page shows it again in the reader's own zone). */
function utcTime(at: Date): string {
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
      await client.query(
        `INSERT INTO timed_window ("assignmentId", "userId", "startedAt", "endsAt")
         VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC', $4::timestamptz AT TIME ZONE 'UTC')
         ON CONFLICT ("assignmentId", "userId") DO NOTHING`,
        [assignmentId, userId, now, windowEndsAt(now, row.timeLimitMinutes, extraOf(row))],
      );
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
  await db.query(
    `UPDATE timed_window SET "closedAt" = $3::timestamptz AT TIME ZONE 'UTC', "closedReason" = $4
      WHERE "assignmentId" = $1 AND "userId" = $2 AND "closedAt" IS NULL
        AND "endsAt" > $3::timestamptz AT TIME ZONE 'UTC'`,
    [assignmentId, userId, now, reason],
  );
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

/** What help the learner asked for: the message names it. */
export type HelpKind = "Hints" | "The reference solution" | "Asking staff for help";

/**
 * Refuses help while any of the learner's timed assessments runs: hints and reference solutions of every exercise,
 * and asking staff (403, naming the assessment and its end). Help on another item is help too.
 */
export async function assertHelpOpen(userId: string, help: HelpKind, now = new Date()): Promise<void> {
  const [running] = await runningTimedWindows(userId, now);
  if (!running) return;
  throw new RequestError(
    "FORBIDDEN",
    `${help} ${help === "Hints" ? "are" : "is"} closed during your timed assessment in ${running.className}, ` +
      `until it ends at ${utcTime(new Date(running.endsAt!))}.`,
    { reason: "timed-assessment", assignmentId: running.assignmentId, endsAt: running.endsAt },
  );
}

/** Whether help is closed for the learner now: the running window that closes it, else null. */
export async function helpClosedBy(userId: string, now = new Date()): Promise<TimedAssessmentView | null> {
  return (await runningTimedWindows(userId, now))[0] ?? null;
}

/**
 * Refuses work on an item that a class gives the learner as a timed assessment, outside their window, while that
 * assessment is live (open, and before their due date): "start it first" before the window, "it ended" after. Work
 * taken inside the window (and its grace) passes. Before the assignment opens and after the due date the item is
 * ordinary practice, which counts for nothing in that assignment (`timedScoring`). Answers the windows the work
 * counts in, so a quiz can hand its window in.
 */
export async function assertTimedWorkOpen(
  userId: string,
  item: { kind: AssignmentKind; itemSlug: string },
  now = new Date(),
  db: Db = pool(),
): Promise<string[]> {
  const counting: string[] = [];
  for (const row of await timedRows(db, userId, { item })) {
    const window = windowOf(row);
    if (window && countsInWindow(window, now)) {
      counting.push(row.assignmentId);
      continue;
    }
    const live = (!row.opensAt || row.opensAt <= now) && now < row.dueAt;
    if (!live) continue;
    const what = item.kind === "quiz" ? "this quiz" : `this ${item.kind}`;
    throw new RequestError(
      "CONFLICT",
      window
        ? `Your timed assessment of ${what} in ${row.className} ended at ${utcTime(windowStop(window))}: ` +
            "work handed in after it does not count, so it is not taken until the due date has passed."
        : `${row.className} gives ${what} as a timed assessment: start it on this page first ` +
            `(you have ${Math.round(allowedSeconds(row.timeLimitMinutes, extraOf(row)) / 60)} minutes once started).`,
      { reason: window ? "timed-window-ended" : "timed-not-started", assignmentId: row.assignmentId },
    );
  }
  return counting;
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

/** The 403 for an earlier attempt's report or feedback asked for during the window. */
export function earlierFeedbackClosed(): RequestError {
  return new RequestError(
    "FORBIDDEN",
    "Your earlier attempts' reports and feedback are closed while your timed assessment of this exercise runs.",
    { reason: "timed-assessment" },
  );
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
