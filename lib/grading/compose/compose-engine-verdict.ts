import type { KeyPath } from "./compose-model";

/**
 * What `docker compose config` (the Compose v2 CLI plugin) said about the submitted file, when the grader could ask it.
 * Produced by the runner (sandbox-runner/compose/compose-config.ts); the browser never has one.
 */
export type ComposeEngineVerdict =
  | { status: "accepted"; version: string }
  | { status: "rejected"; version: string; message: string; line?: number; keys?: KeyPath }
  /** Not asked: no v2 plugin on this grader, or the file names paths outside the exercise. */
  | { status: "not-run"; reason: string };
