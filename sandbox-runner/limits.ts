/**
 * What a learner's code may use on a sandbox host (docs/grading.md, "Limits and isolation"): the build's, and the run
 * phase's. An exercise may lower them (its `limits`), never raise them.
 */
export const BUILD_LIMITS = {
  wallSeconds: 300,
  memoryBytes: 2 * 1024 * 1024 * 1024,
  cpus: 1,
  pids: 512,
  /** A step's writable layer, so one RUN cannot fill the engine's disk. */
  diskBytes: 2 * 1024 * 1024 * 1024,
  outputBytes: 1024 * 1024,
} as const;

/** What the run phase may use: wall time for the whole phase, and the container's resources. */
export interface RunLimits {
  wallSeconds: number;
  /** Memory and memory+swap alike: the container gets no swap. */
  memoryBytes: number;
  cpus: number;
  pids: number;
  /** Container output passed on to the log; the rest is dropped with one "[output truncated]" line. */
  outputBytes: number;
  /** What the container may write to its writable layer before it is killed. */
  diskBytes?: number;
}

/** The run phase's defaults: 60 s, 1 GiB without swap, 1 CPU, 256 processes, 1 GiB of disk, 256 KiB of output kept. */
export const RUN_LIMITS: Readonly<Required<RunLimits>> = {
  wallSeconds: 60,
  memoryBytes: 1024 * 1024 * 1024,
  cpus: 1,
  pids: 256,
  diskBytes: 1024 * 1024 * 1024,
  outputBytes: 256 * 1024,
};
