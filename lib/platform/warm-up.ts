import { z } from "zod";

/**
 * What `npm start` prepares after its web server is up, so pages serve at once: the base and service images grading
 * builds from ("baseImages"), and this machine as a lab host ("labHost"). The supervisor records each part's state
 * (scripts/supervisor/warm-up.ts); /api/health, the instructor dashboard and the exercise and lab pages read it.
 * Browser-safe: the pages' notice checks /api/health with these schemas.
 */
export const WARM_UP_PARTS = ["baseImages", "labHost"] as const;
export type WarmUpPart = (typeof WARM_UP_PARTS)[number];

/** warming: under way; ready: done; failed: stopped, with why (running `npm start` again resumes); off: not wanted. */
export const warmUpStateSchema = z.enum(["warming", "ready", "failed", "off"]);
export type WarmUpState = z.infer<typeof warmUpStateSchema>;

export const partStandingSchema = z.object({
  state: warmUpStateSchema,
  /** The step under way, why it failed, or why it is off; null once ready. */
  detail: z.string().nullable(),
  /** Seconds in this state: since it began warming, became ready, failed or was found off. */
  seconds: z.number().int().nonnegative(),
});
export type PartStanding = z.infer<typeof partStandingSchema>;

export const warmUpSchema = z.object({
  /** Some part is still under way. */
  warming: z.boolean(),
  /** The parts `npm start` recorded; none on a platform run without it (docs/deploy.md). */
  parts: z.object({ baseImages: partStandingSchema.optional(), labHost: partStandingSchema.optional() }),
});
export type WarmUp = z.infer<typeof warmUpSchema>;

export const NOTHING_WARMING: WarmUp = { warming: false, parts: {} };

export const PART_TITLES: Record<WarmUpPart, string> = {
  baseImages: "Base and service images",
  labHost: "Lab host",
};

/** The parts as stored, one standing each: what /api/health answers. */
export function warmUpOf(rows: readonly ({ part: WarmUpPart } & PartStanding)[]): WarmUp {
  const parts: WarmUp["parts"] = {};
  for (const { part, ...standing } of rows) parts[part] = standing;
  return { warming: rows.some((r) => r.state === "warming"), parts };
}
