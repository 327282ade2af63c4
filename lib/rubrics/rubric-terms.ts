/**
 * A rubric's modes, limits and words, import-free for the server and the browser's editor alike. Its mode: `none`,
 * kept but not counting; `rubric`, it alone scores the work; `combined`, with the automatic score, weighted by `share`
 * (the rubric's percent, 1–99), as lib/classes/assignment-scores.ts combines them.
 */
export const RUBRIC_MODES = ["none", "rubric", "combined"] as const;
export type RubricMode = (typeof RUBRIC_MODES)[number];

export const RUBRIC_LIMITS = {
  items: 30,
  titleChars: 200,
  feedbackChars: 2000,
  commentChars: 5000,
  /** An item's points, positive (earned) or negative (a deduction), at most this far from 0. */
  points: 1000,
} as const;

/** Full marks: the sum of the items worth positive points (deductions only take away). */
export function possiblePoints(items: ReadonlyArray<{ points: number }>): number {
  return items.reduce((sum, i) => sum + Math.max(i.points, 0), 0);
}

/** How a rubric counts, in words, for staff and learners alike. */
export function describeRubricMode(mode: RubricMode, share: number): string {
  if (mode === "none") return "The rubric does not count: the automatic score stands alone.";
  if (mode === "rubric") return "The rubric alone gives the score (points earned ÷ full marks).";
  return `Automatic score ${100 - share} % + rubric ${share} %.`;
}

/** The largest body the rubric APIs read: 30 items of a title and feedback, up to 4 bytes a character. */
export const RUBRIC_BODY_MAX_BYTES = 512 * 1024;
