/** Sandbox defaults (docs/grading.md, "Limits and isolation"); an exercise may lower them. */
export const BUILD_LIMITS = {
  wallSeconds: 300,
  memoryBytes: 2 * 1024 * 1024 * 1024,
  cpus: 1,
  pids: 512,
  /** Not in DESIGN's table: a step's writable layer, so one RUN cannot fill the engine's disk. */
  diskBytes: 2 * 1024 * 1024 * 1024,
  outputBytes: 1024 * 1024,
} as const;

export const RUN_LIMITS_DEFAULT = {
  wallSeconds: 60,
  memoryBytes: 1024 * 1024 * 1024,
  cpus: 1,
  pids: 256,
  diskBytes: 1024 * 1024 * 1024,
  outputBytes: 256 * 1024,
} as const;

export const LABEL_SUBMISSION = "dockyard.submission";
export const LABEL_MANAGED = "dockyard.managed";
/** The runner that created the resource: once that runner is dead, any live runner's reaper may remove it. */
export const LABEL_RUNNER = "dockyard.runner";
/** Unix ms when the resource was created, so the reaper can tell stale from in-flight. */
export const LABEL_CREATED = "dockyard.created";
/**
 * The shell session a container serves (sandbox-runner/shell/). A shell's container is not a submission's: it outlives
 * the grading, and the reaper judges it by its session and runner instead.
 */
export const LABEL_SHELL = "dockyard.shell";
