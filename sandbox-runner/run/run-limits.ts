import { RUN_LIMITS_DEFAULT } from "../limits";

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

/** DESIGN's defaults: 60 s, 1 GiB without swap, 1 CPU, 256 processes, 256 KiB of output kept. */
export const RUN_LIMITS: RunLimits = {
  wallSeconds: RUN_LIMITS_DEFAULT.wallSeconds,
  memoryBytes: RUN_LIMITS_DEFAULT.memoryBytes,
  cpus: RUN_LIMITS_DEFAULT.cpus,
  pids: RUN_LIMITS_DEFAULT.pids,
  outputBytes: RUN_LIMITS_DEFAULT.outputBytes,
  diskBytes: RUN_LIMITS_DEFAULT.diskBytes,
};
