import { readFile } from "node:fs/promises";

/**
 * How long a starting lab engine may go without using any CPU before it is called hung: on a busy host an engine
 * waits for the CPU, yet each of its processes still gets some every few seconds, so a whole half-minute with none
 * is an engine stuck on something, not a slow one.
 */
const STALL_MS = 30_000;
/** The longest any start may take, progress or not: far past the slowest start a loaded 2-core host made (bench). */
const CEILING_MS = 5 * 60_000;

/**
 * When a starting engine is to be called dead. A fixed 30 s made half of a class's starts fail on a host at load 15
 * (issue 54), each dead only by the clock; now the deadline moves on while the lab's processes make progress (their
 * CPU time grows, or processes come and go), and the start fails only when they made none for STALL_MS, or past
 * CEILING_MS whatever they do. The engine's exit fails it at once, elsewhere.
 */
export class EngineStartDeadline {
  private lastProgress: string | undefined;
  private lastProgressAt: number;

  constructor(
    private readonly startedAt: number,
    private readonly limits = { stallMs: STALL_MS, ceilingMs: CEILING_MS },
  ) {
    this.lastProgressAt = startedAt;
  }

  /** Why the start is to fail now, given the lab's progress (any value that changes as it works), or undefined. */
  check(now: number, progress: string): string | undefined {
    if (progress !== this.lastProgress) {
      this.lastProgress = progress;
      this.lastProgressAt = now;
    }
    const seconds = (ms: number) => Math.round(ms / 1000);
    if (now - this.startedAt > this.limits.ceilingMs)
      return `the lab engine did not answer on its socket within ${seconds(this.limits.ceilingMs)} s`;
    if (now - this.lastProgressAt > this.limits.stallMs)
      return (
        `the lab engine did not answer on its socket and its processes did no work for ` +
        `${seconds(this.limits.stallMs)} s`
      );
    return undefined;
  }
}

/** The processes of `pids` and the CPU time they have used (clock ticks): it grows while they work. */
export async function cpuProgress(pids: readonly number[]): Promise<string> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return `${[...pids].sort((a, b) => a - b).join(",")}:${ticks}`;
}
