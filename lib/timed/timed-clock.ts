/**
 * The clock of a timed assessment: how long a learner's window lasts, whether it runs, what counts inside it, and
 * when the page announces the time left. Pure and import-free, so the server (which alone decides) and the page's
 * countdown (which only shows the server's end) read the same rules.
 */

/** The longest time limit a class may set: a day. */
export const MAX_TIME_LIMIT_MINUTES = 24 * 60;
/** Extra time is at most three times the limit again (300 %) and at most a day of minutes on top. */
export const MAX_EXTRA_PERCENT = 300;
export const MAX_EXTRA_MINUTES = 24 * 60;

/**
 * Work the server receives this long after the window's end still counts: a submission pressed at 0:00 is in flight
 * for a moment. Short enough that it buys nothing worth having; the page's own clock stops taking work at the end.
 */
export const TIMED_GRACE_SECONDS = 10;

/** Minutes left at which the page says so, once each, through a polite live region. */
export const ANNOUNCE_AT_MINUTES = [10, 5, 1] as const;

export interface ExtraTime {
  /** A share of the limit on top of it: 50 is time and a half. */
  extraPercent: number;
  /** Minutes on top of that. */
  extraMinutes: number;
}

export const NO_EXTRA_TIME: ExtraTime = { extraPercent: 0, extraMinutes: 0 };

/** A learner's window as stored: the server fixed `endsAt` when it started. */
export interface TimedWindowTimes {
  startedAt: Date;
  endsAt: Date;
  /** Set when it ended before `endsAt`: the quiz handed in, or the learner finished. */
  closedAt: Date | null;
}

export type WindowState = "not-started" | "running" | "finished";

/** The whole time a learner has, in seconds: the limit, plus the percentage of it, plus the minutes. */
export function allowedSeconds(limitMinutes: number, extra: ExtraTime = NO_EXTRA_TIME): number {
  return Math.round(limitMinutes * 60 * (1 + extra.extraPercent / 100)) + extra.extraMinutes * 60;
}

/** When a window that starts at `startedAt` ends. */
export function windowEndsAt(startedAt: Date, limitMinutes: number, extra: ExtraTime = NO_EXTRA_TIME): Date {
  return new Date(startedAt.getTime() + allowedSeconds(limitMinutes, extra) * 1000);
}

/** When the window stopped (or will stop) taking time: its close, else its end. */
export function windowStop(window: TimedWindowTimes): Date {
  return window.closedAt && window.closedAt < window.endsAt ? window.closedAt : window.endsAt;
}

export function windowState(window: TimedWindowTimes | null, now: Date): WindowState {
  if (!window) return "not-started";
  return now.getTime() < windowStop(window).getTime() ? "running" : "finished";
}

/**
 * Whether work that reached the server at `at` belongs to the window: from its start to its end, plus the grace for
 * a submission in flight when the time ran out. A window the learner closed themselves (finished, or a quiz handed
 * in) takes nothing after that moment: no grace, or a quiz could be handed in twice. The one rule for what counts,
 * both when work is taken and when it is scored.
 */
export function countsInWindow(window: TimedWindowTimes, at: Date): boolean {
  const t = at.getTime();
  const closedEarly = window.closedAt !== null && window.closedAt < window.endsAt;
  const last = closedEarly ? window.closedAt!.getTime() : window.endsAt.getTime() + TIMED_GRACE_SECONDS * 1000;
  return t >= window.startedAt.getTime() && t <= last;
}

/** Seconds of the window used so far (all of it once finished). */
export function secondsUsed(window: TimedWindowTimes, now: Date): number {
  const stop = Math.min(now.getTime(), windowStop(window).getTime());
  return Math.max(0, Math.floor((stop - window.startedAt.getTime()) / 1000));
}

/** Whole seconds left, never below zero. */
export function secondsLeft(window: Pick<TimedWindowTimes, "endsAt">, now: Date): number {
  return Math.max(0, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
}

/** "1 h 05 min", "12 min 30 s", "45 s": a duration as the countdown and the staff table write it. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
  return `${seconds} s`;
}

/** The extra time in words: "50 % + 10 minutes", "none". */
export function describeExtraTime(extra: ExtraTime): string {
  const parts = [
    extra.extraPercent ? `${extra.extraPercent} %` : "",
    extra.extraMinutes ? `${extra.extraMinutes} minute${extra.extraMinutes === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" + ") : "none";
}

/**
 * The announcement due now, if any: the largest mark of ANNOUNCE_AT_MINUTES that the time left has reached and that
 * was not announced yet (`announced`: marks already said). A page opened with 4 minutes left says "5" once, not
 * "10" and "5" at once; the end is said by the page's own "time is up".
 */
export function dueAnnouncement(left: number, announced: ReadonlySet<number>): number | null {
  const reached = ANNOUNCE_AT_MINUTES.filter((m) => left > 0 && left <= m * 60);
  const mark = reached.length ? Math.min(...reached) : null;
  return mark !== null && !announced.has(mark) ? mark : null;
}
