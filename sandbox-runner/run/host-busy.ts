import { readFile } from "node:fs/promises";
import os from "node:os";

/**
 * Whether this machine's CPUs are contended right now, for a check whose only failure was a timing one: a command
 * that timed out on a busy grading machine says nothing about the learner's work. Read from the kernel's pressure
 * stall information (the share of the last 10 s in which some runnable task waited for a CPU) where the kernel has
 * it, else from the 1-minute load average per core, which reacts more slowly.
 */
export interface HostLoad {
  busy: boolean;
  /** What was measured, for the check's message. */
  detail: string;
}

/** Some task waited for a CPU this share of the last 10 s: the grader's own commands were being held up. */
const PRESSURE_BUSY_PERCENT = 40;
/** Runnable tasks per core, averaged over a minute. */
const LOAD_BUSY_PER_CORE = 1.5;

export async function hostLoad(): Promise<HostLoad> {
  const cores = os.availableParallelism();
  const pressure = await readFile("/proc/pressure/cpu", "utf8").catch(() => undefined);
  const some = pressure?.match(/^some avg10=([\d.]+)/m)?.[1];
  if (some !== undefined) {
    const percent = Number(some);
    return {
      busy: percent >= PRESSURE_BUSY_PERCENT,
      detail: `tasks waited for a CPU ${percent.toFixed(0)} % of the last 10 s on this ${cores}-core grader`,
    };
  }
  const [load] = os.loadavg();
  return {
    busy: (load ?? 0) / cores >= LOAD_BUSY_PER_CORE,
    detail: `load average ${(load ?? 0).toFixed(1)} on this ${cores}-core grader`,
  };
}
