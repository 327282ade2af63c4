// Free of zod: the pages that explain the limits load this before interaction.
import { TERMINAL_LIMITS } from "../sessions/terminal-limits";

/**
 * What a lab may use and how long it lives. One place for the lab host (which enforces them), the web app (which
 * refuses past them) and the lab page (which explains them).
 */
export const LAB_LIMITS = {
  /** Labs one account may have live (queued, starting or open) at a time. */
  perUser: 1,
  /**
   * Without a keystroke for this long, the lab closes: its engine stops, and its work (files, images, volumes) is
   * kept for the learner's next start, for the days and up to the disk an admin sets (lib/labs/kept-labs.ts).
   */
  idleSeconds: 20 * 60,
  /** A lab closes this long after it opened, whatever happens in it (its work is kept, as after the idle limit). */
  totalSeconds: 90 * 60,
  /** For everything in the lab together: its engine, its containers and the learner's shell. */
  memoryBytes: 1536 * 1024 * 1024,
  pids: 1024,
  cpus: 1,
  /** The lab's own disk: images, containers, volumes and the home directory. */
  diskBytes: 4 * 1024 * 1024 * 1024,
  /** Engines a lab host keeps started, with the lab images loaded, ready for the next learner. */
  warmPool: 1,
  /** Output a lab's terminal may print in all; past it the terminal stops showing output, said once. */
  outputBytes: 16 * 1024 * 1024,
  ...TERMINAL_LIMITS,
} as const;
