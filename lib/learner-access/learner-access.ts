import { sql } from "kysely";
import type { AssignmentKind } from "../content/item-kinds";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { earlierFeedbackClosedBefore, helpClosedBy, timedWorkStanding, utcTime } from "../timed/timed-windows";

/**
 * The one guard of what a learner may do with an item: every feature asks it before acting, so each rule (a timed
 * window, help closed during one, a class to ask) is decided here once and refused with the same code and words
 * wherever it is met. It reads the facts from the folders below it (`lib/timed/`, the class rows) and sits below the
 * features it guards (exercises, submissions, solutions, quizzes, labs, help), so none of them imports another for
 * it. What opens the reference solution (a pass, or credit over in every class) stays with `lib/solutions/`: it
 * reads grades and late policies that live above these features.
 */

/** What a learner does with an item: each names the rules it must pass, in the order they are asked. */
const RULES = {
  submit: ["timed-work"],
  start: ["timed-work"],
  "answer-quiz": ["timed-work"],
  "see-hint": ["help-open"],
  "see-solution": ["help-open"],
  "ask-help": ["help-open", "class-staff"],
  /** An earlier attempt's report, files or feedback: `attemptAt` says when the attempt was made. */
  "see-attempt": ["earlier-work-open"],
} as const satisfies Record<string, readonly Rule[]>;

type Rule = "timed-work" | "help-open" | "class-staff" | "earlier-work-open";
export type LearnerAction = keyof typeof RULES;

/** How a refusal of help names what was asked for. */
const HELP_WORDS: Partial<Record<LearnerAction, string>> = {
  "see-hint": "Hints are",
  "see-solution": "The reference solution is",
  "ask-help": "Asking staff for help is",
};

export interface ActOn {
  kind: AssignmentKind;
  itemSlug: string;
}

export interface ActOptions {
  now?: Date;
  /** For "see-attempt": when the attempt was made (a re-grade's original's); unknown, it is refused in a window. */
  attemptAt?: Date;
}

/** What an allowed action counts in: the timed assessments whose windows take this work (a quiz hands them in). */
export interface Allowed {
  countsIn: string[];
}

/**
 * Refuses the learner's action on the item with the first rule it fails, as the RequestError the page reads: 409 for
 * work outside a timed window, 403 for help during one or an earlier attempt during one, 409 with no class to ask.
 */
export async function assertMayAct(
  userId: string,
  item: ActOn,
  action: LearnerAction,
  { now = new Date(), attemptAt }: ActOptions = {},
): Promise<Allowed> {
  const countsIn: string[] = [];
  for (const rule of RULES[action] as readonly Rule[]) {
    if (rule === "timed-work") countsIn.push(...(await timedWorkOpen(userId, item, now)));
    if (rule === "help-open") await helpOpen(userId, HELP_WORDS[action]!, now);
    if (rule === "class-staff" && !(await hasClassStaff(userId)))
      throw new RequestError("CONFLICT", "You are in no class with staff to ask; join your class first.");
    if (rule === "earlier-work-open") await earlierWorkOpen(userId, item, attemptAt!, now);
  }
  return { countsIn };
}

/**
 * Work on an item a class gives the learner as a timed assessment is taken only inside their window (and its grace)
 * while that assessment is live: "start it first" before the window, "it ended" after. Before the assignment opens
 * and after the due date the item is ordinary practice, which counts for nothing in it (`timedScoring`).
 */
async function timedWorkOpen(userId: string, item: ActOn, now: Date): Promise<string[]> {
  const counting: string[] = [];
  for (const timed of await timedWorkStanding(userId, item, now)) {
    if (timed.counts) counting.push(timed.assignmentId);
    if (timed.counts || !timed.live) continue;
    const what = item.kind === "quiz" ? "this quiz" : `this ${item.kind}`;
    throw new RequestError(
      "CONFLICT",
      timed.stoppedAt
        ? `Your timed assessment of ${what} in ${timed.className} ended at ${utcTime(timed.stoppedAt)}: ` +
            "work handed in after it does not count, so it is not taken until the due date has passed."
        : `${timed.className} gives ${what} as a timed assessment: start it on this page first ` +
            `(you have ${Math.round(timed.allowedSeconds / 60)} minutes once started).`,
      { reason: timed.stoppedAt ? "timed-window-ended" : "timed-not-started", assignmentId: timed.assignmentId },
    );
  }
  return counting;
}

/** Help of every kind, on any item, is closed while any of the learner's timed assessments runs (403). */
async function helpOpen(userId: string, help: string, now: Date): Promise<void> {
  const running = await helpClosedBy(userId, now);
  if (!running) return;
  throw new RequestError(
    "FORBIDDEN",
    `${help} closed during your timed assessment in ${running.className}, ` +
      `until it ends at ${utcTime(new Date(running.endsAt!))}.`,
    { reason: "timed-assessment", assignmentId: running.assignmentId, endsAt: running.endsAt },
  );
}

/** While a window on the item runs, the learner's attempts from before it (reports, files, feedback) are closed. */
async function earlierWorkOpen(userId: string, item: ActOn, attemptAt: Date, now: Date): Promise<void> {
  const closedBefore = await earlierFeedbackClosedBefore(userId, item, now);
  if (!closedBefore || attemptAt >= closedBefore) return;
  throw new RequestError(
    "FORBIDDEN",
    "Your earlier attempts' reports and feedback are closed while your timed assessment of this exercise runs.",
    { reason: "timed-assessment" },
  );
}

/**
 * A learner of a class that has an instructor or a teaching assistant, and is not archived: someone will read the
 * question. Staff of such a class see the learner's work anyway (lib/access/staff-scope.ts).
 */
export async function hasClassStaff(userId: string): Promise<boolean> {
  const found = await typedSql(pool())
    .selectFrom("class_member as l")
    .innerJoin("class as c", "c.id", "l.classId")
    .innerJoin("class_member as s", "s.classId", "l.classId")
    .select("l.userId")
    .where(sql<boolean>`l."userId" = ${userId} AND l.role = 'learner' AND c."archivedAt" IS NULL`)
    .where("s.role", "in", ["instructor", "ta"])
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}
