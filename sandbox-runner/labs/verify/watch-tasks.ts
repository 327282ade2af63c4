import type Docker from "dockerode";
import type { LabCheck } from "../../shared";
import type { LabProbe } from "../lab-probe";
import { evaluateCheck, type LabCheckOutcome } from "./evaluate-check";
import { type LabState, readLabState } from "./lab-state";

export interface LabTaskChecks {
  id: string;
  checks: LabCheck[];
}

/** A task's standing: done when every check holds; otherwise the first failing check's evidence and hint. */
export interface TaskStatus {
  id: string;
  done: boolean;
  found: string;
  hint?: string;
}

/** All checks of a task against one snapshot; the first that fails speaks for the task. */
export function taskStatus(task: LabTaskChecks, state: LabState): TaskStatus {
  const outcomes: LabCheckOutcome[] = task.checks.map((c) => evaluateCheck(c, state));
  const failed = outcomes.find((o) => !o.ok);
  if (!failed) return { id: task.id, done: true, found: outcomes.map((o) => o.found).join(" ") };
  return { id: task.id, done: false, found: failed.found, ...(failed.hint ? { hint: failed.hint } : {}) };
}

/**
 * The `readState` for watchTasks: one snapshot of the engine plus the probes inside the lab that these tasks' checks
 * need (an HTTP answer, a volume's file, the registry's tags), and nothing more.
 */
export function labStateReader(
  docker: Docker,
  probe: LabProbe,
  tasks: readonly LabTaskChecks[],
): () => Promise<LabState> {
  const checks = tasks.flatMap((t) => t.checks);
  return () => readLabState(docker, { probe, checks });
}

/**
 * Re-reads the lab's state whenever `poke` is called (the engine's event stream calls it on every change) and at
 * least every `intervalMs`, and reports each task whose status changed. Reads never overlap: a poke during a read
 * schedules one more read after it. `stop` ends it.
 */
export function watchTasks(options: {
  tasks: readonly LabTaskChecks[];
  readState: () => Promise<LabState>;
  onChange: (status: TaskStatus) => void;
  onError?: (err: unknown) => void;
  intervalMs?: number;
}): { poke: () => void; stop: () => void; settled: () => Promise<void> } {
  const last = new Map<string, string>();
  let reading: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const read = async () => {
    try {
      const state = await options.readState();
      if (stopped) return;
      for (const task of options.tasks) {
        const status = taskStatus(task, state);
        const key = JSON.stringify(status);
        if (last.get(task.id) === key) continue;
        last.set(task.id, key);
        options.onChange(status);
      }
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
    reading = read().finally(() => {
      reading = undefined;
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
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    settled: async () => {
      while (reading) await reading;
    },
  };
}
