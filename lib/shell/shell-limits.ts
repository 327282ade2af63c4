// Free of zod: the pages that explain the limits load this before interaction.
import { TERMINAL_LIMITS } from "../sessions/terminal-limits";

/**
 * What a shell may use and how long it lives. One place for the runner (which enforces them), the web app (which
 * refuses past them) and the pages (which explain them).
 */
export const SHELL_LIMITS = {
  /** Shells one account may have open at a time (as a learner or as an instructor). */
  perUser: 1,
  /** Shells one runner process serves at a time; beyond it a request waits for another runner on the engine. */
  perRunner: 20,
  idleSeconds: 5 * 60,
  totalSeconds: 20 * 60,
  /** How long after grading a built image stays on its engine for a shell. */
  imageKeepSeconds: 30 * 60,
  memoryBytes: 512 * 1024 * 1024,
  cpus: 0.5,
  pids: 64,
  /** The writable /tmp of a read-only root (and the disk allowance of a writable one). */
  tmpBytes: 64 * 1024 * 1024,
  /** Output a shell may print in all; past it the shell closes with an explanation. */
  outputBytes: 4 * 1024 * 1024,
  ...TERMINAL_LIMITS,
} as const;
