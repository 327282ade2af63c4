import { z } from "zod";

/**
 * An assignment's credit timeline: bonus credit before the due date (`earlyCredit`, optional) and the late policy
 * after it, read by `creditAt`, the one place that says what work done at a given time earns.
 *
 * The late policy is the timeline after the due date: work on time earns 100 %, then each step in order gives its
 * credit for its number of days, and after the last step nothing, unless the last step lasts for ever (`days` null).
 * "80 % for three days, then 0" is `[{ days: 3, credit: 80 }]`; no steps at all means nothing after the due date.
 * Browser-safe: the assignment form previews the timeline as the instructor types.
 */
export const latePolicySchema = z
  .array(
    z
      .object({
        /** How long this step lasts, in days (fractions allowed: 0.5 is twelve hours); null: for ever. */
        days: z.number().positive().max(365).nullable(),
        /** Percent of the score this step keeps. */
        credit: z.number().int().min(0).max(100),
      })
      .strict(),
  )
  .max(10)
  .refine((steps) => steps.slice(0, -1).every((s) => s.days !== null), "only the last step may last for ever");

export type LatePolicy = z.infer<typeof latePolicySchema>;

/**
 * Bonus credit for work done early, before the due date: each step says "work done at least `days` days before the
 * due date earns `credit` %" (101 to 200). "110 % if done 3 days or more before" is `[{ days: 3, credit: 110 }]`.
 * Steps go from the earliest to the latest, each earning less than the one before, so handing in earlier never
 * earns less; no steps (the default) means 100 % up to the due date.
 */
export const earlyCreditSchema = z
  .array(
    z
      .object({
        /** How long before the due date work must be done, in days (fractions allowed: 0.5 is twelve hours). */
        days: z.number().positive("an early step's days are more than 0").max(365, "an early step is at most 365 days"),
        /** Percent of the score this step gives: above 100, at most 200. */
        credit: z
          .number()
          .int("an early step's credit is a whole number")
          .min(101, "an early step's credit is above 100 %")
          .max(200, "an early step's credit is at most 200 %"),
      })
      .strict(),
  )
  .max(5)
  .refine(
    (steps) => steps.every((s, i) => i === 0 || (s.days < steps[i - 1]!.days && s.credit < steps[i - 1]!.credit)),
    "early steps go from the earliest to the latest, each earning less than the one before",
  );

export type EarlyCredit = z.infer<typeof earlyCreditSchema>;

/** The highest credit an assignment's work can earn, and so its highest score: 100, or its first early step's. */
export function maxCredit(earlyCredit: EarlyCredit): number {
  return Math.max(100, ...earlyCredit.map((s) => s.credit));
}

const DAY_MS = 86_400_000;

export interface Credit {
  /** Percent of the score that counts, 0 to 200 (above 100 only for early work). */
  credit: number;
  /** Why, for the learner and the gradebook: "on time", "3 days 2 hours early: 110 %", "1 day 4 hours late: 80 %". */
  reason: string;
  late: boolean;
}

/**
 * The early-credit window of one learner's assignment. It counts back from the class's due date, or from the
 * learner's own when that is earlier: an extension gives a learner time, never a bonus for work done after the date
 * everyone else had. Without `classDueAt`, from `dueAt`.
 */
export interface EarlyWindow {
  earlyCredit: EarlyCredit;
  classDueAt?: Date;
}

/**
 * The credit work done at `at` earns for an assignment due at `dueAt` (the learner's own: an extension's, else the
 * class's) under `policy` after the due date and `early` before it: the one credit timeline. A boundary belongs to
 * the kinder side: work exactly at the due date is on time, exactly 3 days before it earns the 3-day early step.
 */
export function creditAt(policy: LatePolicy, dueAt: Date, at: Date, early?: EarlyWindow): Credit {
  const lateMs = at.getTime() - dueAt.getTime();
  if (lateMs <= 0) return earlyCreditAt(early, dueAt, at);
  const lateBy = `${duration(lateMs)} late`;
  let stepEnd = 0;
  for (const step of policy) {
    if (step.days === null) return { credit: step.credit, reason: `${lateBy}: ${step.credit} %`, late: true };
    stepEnd += step.days * DAY_MS;
    if (lateMs <= stepEnd) return { credit: step.credit, reason: `${lateBy}: ${step.credit} %`, late: true };
  }
  return { credit: 0, reason: `${lateBy}, after the last late step: 0 %`, late: true };
}

function earlyCreditAt(early: EarlyWindow | undefined, dueAt: Date, at: Date): Credit {
  const from = Math.min(dueAt.getTime(), early?.classDueAt?.getTime() ?? Number.POSITIVE_INFINITY);
  const earlyMs = from - at.getTime();
  const step = early?.earlyCredit.find((s) => earlyMs >= s.days * DAY_MS);
  if (!step) return { credit: 100, reason: "on time", late: false };
  return { credit: step.credit, reason: `${duration(earlyMs)} early: ${step.credit} %`, late: false };
}

/** When work stops earning anything: null when some credit lasts for ever. */
export function creditEndsAt(policy: LatePolicy, dueAt: Date): Date | null {
  if (policy.some((s) => s.days === null && s.credit > 0)) return null;
  let end = dueAt.getTime();
  let lastEarning = end;
  for (const step of policy) {
    end += (step.days ?? 0) * DAY_MS;
    if (step.credit > 0) lastEarning = end;
  }
  return new Date(lastEarning);
}

/**
 * The timeline in words: "100 % until the due date, then 80 % for 3 days, then 0 %"; with early credit, "110 % until
 * 3 days before the due date, then 100 % until the due date, then …".
 */
export function describeLatePolicy(policy: LatePolicy, earlyCredit: EarlyCredit = []): string {
  const before = earlyCredit.map((step) => `${step.credit} % until ${days(step.days)} before the due date`);
  const steps = policy.map((step) => `then ${step.credit} % for ${step.days === null ? "ever" : days(step.days)}`);
  const after = policy.at(-1)?.days !== null ? ["then 0 %"] : [];
  return [...before, "100 % until the due date", ...steps, ...after]
    .map((part, i) => (i === 0 || part.startsWith("then ") ? part : `then ${part}`))
    .join(", ");
}

function days(n: number): string {
  if (n < 1) return duration(n * DAY_MS);
  return `${n} day${n === 1 ? "" : "s"}`;
}

/** "2 days 3 hours", "45 minutes": the two largest units, for a learner reading how late they were. */
function duration(ms: number): string {
  const units: Array<[number, string]> = [
    [DAY_MS, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
    if (parts.length > 0 && n === 0) break;
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(" ") : "less than a minute";
}
