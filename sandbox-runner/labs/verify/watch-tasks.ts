import type Docker from "dockerode";
import type { LabProbe } from "../lab-probe";
import type { LabCheck } from "../lib";
import type { LabEngineEvent } from "./lab-history";
import { type LabState, readLabState } from "./lab-state";
import { type JudgedTask, TaskJudge, type TaskStatus } from "./task-judge";

export type { JudgedTask, TaskStatus } from "./task-judge";

/**
 * The `readState` for watchTasks: one snapshot of the engine plus the probes inside the lab that the open tasks'
 * checks need (an HTTP answer, a volume's file, the registry's tags), and nothing more.
 */
export function labStateReader(docker: Docker, probe: LabProbe): (checks: readonly LabCheck[]) => Promise<LabState> {
  return (checks) => readLabState(docker, { probe, checks });
}

/**
 * Re-reads the lab's state whenever `poke` is called and at least every `intervalMs`, judges every task on it
 * (task-judge.ts) and reports each task whose status changed. `observe` takes the engine's events (lab-events.ts):
 * each joins the lab's history, and one that can change a verdict pokes (a health check's probe, every second or
 * so, cannot: it would keep the checker reading without a pause). Reads never overlap: a poke during a read
 * schedules one more read after it. `stop` ends it.
 */
export function watchTasks(options: {
  tasks: readonly JudgedTask[];
  /**
   * One snapshot of the lab, probing inside it only for `checks`: those of the tasks still open (not done, the tasks
   * they need done), so the checker asks a learner's server nothing about a task they have not reached.
   */
  readState: (checks: readonly LabCheck[]) => Promise<LabState>;
  onChange: (status: TaskStatus) => void;
  onError?: (err: unknown) => void;
  intervalMs?: number;
  /** Tasks done in an earlier session of the lab. */
  doneBefore?: Iterable<string>;
  /** The lab resumed kept work: nothing its seal did counts (task-judge.ts). */
  resumed?: boolean;
  /** How long checks must hold before a task is done (task-judge.ts's HOLD_MS unless a test says otherwise). */
  holdMs?: number;
  /** The judge to use instead of a new one: another watcher's `fork` (content CI's other spellings). */
  judge?: TaskJudge;
}): {
  poke: () => void;
  observe: (event: LabEngineEvent) => void;
  /** A judge for a second watcher of this lab: this one's history and done tasks, `reopened` not done. */
  fork: (reopened: string) => TaskJudge;
  stop: () => void;
  /**
   * Resolves once a read that began after every poke so far has ended: at most the read under way and the one it
   * owes. Never "once no read is under way", which a lab whose events never pause would put off for good.
   */
  settled: () => Promise<void>;
} {
  const judge = options.judge ?? new TaskJudge(options.tasks, options.doneBefore, options.holdMs, options.resumed);
  let recheck: NodeJS.Timeout | undefined;
  const last = new Map<string, string>();
  let reading: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  /** Reads begun and ended so far, and who waits for which. */
  let begun = 0;
  let ended = 0;
  let waiters: { after: number; resolve: () => void }[] = [];
  const read = async () => {
    try {
      const state = await options.readState(judge.openChecks());
      if (stopped) return;
      for (const status of judge.judge(state)) {
        const key = JSON.stringify(status);
        if (last.get(status.id) === key) continue;
        last.set(status.id, key);
        options.onChange(status);
      }
      // A task whose checks hold is done once they still hold a moment later: read again then.
      const wait = judge.recheckInMs();
      clearTimeout(recheck);
      if (wait !== undefined) recheck = setTimeout(() => poke(), wait + 10);
    } catch (err) {
      options.onError?.(err);
    }
  };
  const poke = () => {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    begun += 1;
    reading = read().finally(() => {
      reading = undefined;
      ended += 1;
      const due = waiters.filter((w) => w.after <= ended);
      waiters = waiters.filter((w) => w.after > ended);
      for (const w of due) w.resolve();
      if (again) {
        again = false;
        poke();
      }
    });
  };
  const timer = setInterval(poke, options.intervalMs ?? 2000);
  poke();
  return {
    poke,
    observe: (event) => {
      if (stopped) return;
      if (judge.observe(event)) poke();
    },
    fork: (reopened) => judge.fork(reopened),
    stop: () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(recheck);
      for (const w of waiters) w.resolve();
      waiters = [];
    },
    settled: () => {
      // The read under way may have begun before the latest poke; the one it owes (`again`) has not.
      const after = begun + (reading && again ? 1 : 0);
      if (stopped || ended >= after) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ after, resolve }));
    },
  };
}
