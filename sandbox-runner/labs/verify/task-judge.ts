import type { LabCheck } from "../lib";
import { isServiceContainer } from "./check-support";
import { evaluateCheck, type LabCheckOutcome } from "./evaluate-check";
import { type LabEngineEvent, LabHistory } from "./lab-history";
import type { LabState } from "./lab-state";

/** A lab task as the judge needs it (lab.yaml's task; tests give only what they use). */
export interface JudgedTask {
  id: string;
  title?: string;
  /** Earlier tasks that must be done before this one is judged at all. */
  needs?: readonly string[];
  checks: LabCheck[];
}

/** A task's standing: done when every check holds; otherwise the first failing check's evidence and hint. */
export interface TaskStatus {
  id: string;
  done: boolean;
  found: string;
  hint?: string;
}

/**
 * How long a task's checks must keep holding before it is done: a state passed through on the way elsewhere is no
 * evidence (`docker rm -f` leaves a container "exited with 137" for the moment between its kill and its removal).
 */
export const HOLD_MS = 1500;

/**
 * How long a container a check needs running must have run before it counts: a program that crashes two seconds in
 * outlives HOLD_MS when the learner starts it just before a read. A server that stays up this long is past its start.
 */
export const RUNNING_SETTLE_MS = 4000;

/**
 * The one owner of when a lab task is done, for the live lab (watch-tasks.ts) and content CI (verify-lab.ts) alike.
 * A task turns green only on positive evidence: every check holds in the engine's state now, what a check says is
 * absent was there earlier (the lab's history), the tasks it needs are done, and all of it still holds HOLD_MS
 * later. A task done stays done (a grade is not taken back when the learner goes on to the next task, which often
 * undoes this one's state), and says nothing more: no hint for a task already done.
 */
export class TaskJudge {
  private history: LabHistory;
  private readonly done = new Map<string, TaskStatus>();
  /** Task id → when its checks began to hold (ms), while it is not done yet. */
  private readonly holdingSince = new Map<string, number>();
  /** Task id → when, holding still, it is done (ms): HOLD_MS after it began to hold, or later for a new container. */
  private readonly settlesAt = new Map<string, number>();

  constructor(
    private readonly tasks: readonly JudgedTask[],
    /** Tasks the learner did in an earlier session of this lab: done from the start. */
    doneBefore: Iterable<string> = [],
    private readonly holdMs = HOLD_MS,
    /**
     * The lab resumed kept work: what the seal stopped was stopped by the platform, and no task is done by it
     * (lab-history.ts). Tasks done before stay done (doneBefore); every other waits for what the learner does next.
     */
    private readonly resumed = false,
  ) {
    this.history = new LabHistory(resumed);
    const ids = new Set(tasks.map((t) => t.id));
    for (const id of doneBefore)
      if (ids.has(id)) this.done.set(id, { id, done: true, found: "Done in an earlier session of this lab." });
  }

  /**
   * A second judge of the same lab with this one's history and done tasks, `reopened` not done: content CI judges a
   * task's other spellings with it (verify-lab.ts), while this judge's record of the lab stays as it was.
   */
  fork(reopened: string): TaskJudge {
    const done = [...this.done.keys()].filter((id) => id !== reopened);
    const fork = new TaskJudge(this.tasks, [], this.holdMs, this.resumed);
    for (const id of done) fork.done.set(id, this.done.get(id)!);
    fork.history = this.history.clone();
    return fork;
  }

  /**
   * An event of the lab's engine, for the history (a container made and removed between two snapshots). False when
   * it cannot change a verdict (lab-history.ts).
   */
  observe(event: LabEngineEvent): boolean {
    return this.history.rememberEvent(event);
  }

  /**
   * Every task's standing in this snapshot (read at `now`), in the lab's order; the snapshot joins the history
   * first. A task whose checks hold but not yet for HOLD_MS says so; `recheckInMs` is when to read again for it.
   */
  judge(state: LabState, now = Date.now()): TaskStatus[] {
    this.history.rememberState(state);
    return this.tasks.map((task) => {
      const kept = this.done.get(task.id);
      if (kept) return kept;
      const waiting = (task.needs ?? []).find((id) => !this.done.has(id));
      if (waiting !== undefined) {
        this.holdingSince.delete(task.id);
        this.settlesAt.delete(task.id);
        return { id: task.id, done: false, found: this.waitingFor(waiting) };
      }
      const status = this.check(task, state);
      if (!status.done) {
        this.holdingSince.delete(task.id);
        this.settlesAt.delete(task.id);
        return status;
      }
      const since = this.holdingSince.get(task.id) ?? now;
      const settledAt = Math.max(since + this.holdMs, this.runningSettledAt(task, state));
      if (now < settledAt) {
        this.holdingSince.set(task.id, since);
        this.settlesAt.set(task.id, settledAt);
        return { id: task.id, done: false, found: `${status.found} Checking that it stays so…` };
      }
      this.settlesAt.delete(task.id);
      this.holdingSince.delete(task.id);
      this.done.set(task.id, status);
      return status;
    });
  }

  /** The checks of the tasks still open: not done, and every task they need done. Only these need probing. */
  openChecks(): LabCheck[] {
    return this.tasks
      .filter((task) => !this.done.has(task.id) && (task.needs ?? []).every((id) => this.done.has(id)))
      .flatMap((task) => [...task.checks]);
  }

  /** Milliseconds until a task that holds has held long enough to be done; undefined when none is waiting. */
  recheckInMs(now = Date.now()): number | undefined {
    const waits = [...this.settlesAt.values()].map((at) => Math.max(0, at - now));
    return waits.length ? Math.min(...waits) : undefined;
  }

  /** All checks of a task against one snapshot; the first that fails (or lacks evidence) speaks for the task. */
  private check(task: JudgedTask, state: LabState): TaskStatus {
    const outcomes: LabCheckOutcome[] = [];
    for (const check of task.checks) {
      const outcome = evaluateCheck(check, state);
      const backed = outcome.ok ? (this.history.evidence(check, state) ?? outcome) : outcome;
      if (!backed.ok)
        return { id: task.id, done: false, found: backed.found, ...(backed.hint ? { hint: backed.hint } : {}) };
      outcomes.push(backed);
    }
    return { id: task.id, done: true, found: outcomes.map((o) => o.found).join(" ") };
  }

  /**
   * When every container the task's checks need running has run RUNNING_SETTLE_MS since its latest start (its
   * restart count is part of the engine's answer, so a crash loop restarts the clock).
   */
  private runningSettledAt(task: JudgedTask, state: LabState): number {
    let at = 0;
    for (const check of task.checks) {
      const running =
        check.kind === "container" && check.state === "running"
          ? state.containers.filter((c) => c.name === check.name && c.running)
          : check.kind === "compose-service" && check.running > 0
            ? state.containers.filter((c) => c.running && isServiceContainer(c.labels, check.project, check.service))
            : [];
      for (const c of running) at = Math.max(at, (c.startedAt ?? 0) + RUNNING_SETTLE_MS);
    }
    return at;
  }

  private waitingFor(id: string): string {
    const n = this.tasks.findIndex((t) => t.id === id);
    const title = this.tasks[n]?.title;
    return `This task is judged once task ${n + 1}${title ? `, “${title}”,` : ""} is done: it builds on it.`;
  }
}
