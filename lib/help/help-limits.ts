/** The limits of "Ask for help", free of imports so a page's form can size its fields without loading zod. */
export const HELP_LIMITS = {
  questionChars: 2000,
  replyChars: 4000,
  /** Open requests a learner may have at once, over every lab and exercise. */
  openPerLearner: 3,
  /** The end of the lab terminal's output a request keeps, as plain text. */
  outputChars: 8 * 1024,
  /** Failed checks of an attempt a request keeps. */
  findings: 20,
} as const;
