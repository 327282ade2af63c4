// Free of imports (zod above all): the pages that explain the limits load this before interaction.

/** What every session's terminal takes, whatever its kind: its kinds' limits (SHELL_LIMITS, LAB_LIMITS) spread it. */
export const TERMINAL_LIMITS = {
  /** One input message: the browser sends larger pastes in pieces of this size. */
  inputChars: 1024,
  /** Input a host holds for a terminal that reads slower than it is typed to; the rest is dropped. */
  pendingInputBytes: 64 * 1024,
  /**
   * Terminals a lab may have open at once, tabs into the one engine, numbered from 0: the first opens with the lab
   * and its exit closes the lab, the others open and close on their own. A shell has the first alone.
   */
  tabs: 4,
  cols: { min: 2, max: 500 },
  rows: { min: 2, max: 200 },
} as const;
