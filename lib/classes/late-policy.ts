import { z } from "zod";

/**
 * A credit timeline after an assignment's due date: work on time earns 100 %, then each step in order gives its
 * credit for its number of days, and after the last step nothing, unless the last step lasts for ever (`days`
 * null). "80 % for three days, then 0" is `[{ days: 3, credit: 80 }]`; no steps at all means nothing after the due
 * date. Browser-safe: the assignment form previews the timeline as the instructor types.
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

const DAY_MS = 86_400_000;

export interface Credit {
  /** Percent of the score that counts, 0 to 100. */
  credit: number;
  /** Why, for the learner and the gradebook: "on time", "1 day 4 hours late: 80 %". */
  reason: string;
  late: boolean;
}

/** The credit work done at `at` earns for an assignment due at `dueAt` under `policy`. */
export function creditAt(policy: LatePolicy, dueAt: Date, at: Date): Credit {
  const lateMs = at.getTime() - dueAt.getTime();
  if (lateMs <= 0) return { credit: 100, reason: "on time", late: false };
  const lateBy = `${duration(lateMs)} late`;
  let stepEnd = 0;
  for (const step of policy) {
    if (step.days === null) return { credit: step.credit, reason: `${lateBy}: ${step.credit} %`, late: true };
    stepEnd += step.days * DAY_MS;
    if (lateMs <= stepEnd) return { credit: step.credit, reason: `${lateBy}: ${step.credit} %`, late: true };
  }
  return { credit: 0, reason: `${lateBy}, after the last late step: 0 %`, late: true };
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

/** The timeline in words: "100 % until the due date, then 80 % for 3 days, then 0 %". */
export function describeLatePolicy(policy: LatePolicy): string {
  const steps = policy.map((step) => `then ${step.credit} % for ${step.days === null ? "ever" : days(step.days)}`);
  const after = policy.at(-1)?.days !== null ? ["then 0 %"] : [];
  return ["100 % until the due date", ...steps, ...after].join(", ");
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
