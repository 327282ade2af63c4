import { mkdir } from "node:fs/promises";
import os from "node:os";
import type { LabAccountPool } from "../labs/lab-accounts";
import { type LabEngine, type LabHostConfig, type LabLimits, startLabEngine } from "../labs/lab-engine";
import { labEngineClients } from "../labs/lab-engine-api";
import { writeLabHome } from "../labs/lab-home";
import { loadLabImages } from "../labs/lab-images";
import { labProbe } from "../labs/lab-probe";
import { followLabEvents } from "../labs/verify/lab-events";
import { RUNNING_SETTLE_MS } from "../labs/verify/task-judge";
import { labStateReader, type TaskStatus, watchTasks } from "../labs/verify/watch-tasks";
import { type Lab, type LabTask, lintLab } from "./lib";

/** What content CI gives a lab: room for a Compose stack and a registry beside the images it starts with. */
const VERIFY_LIMITS: LabLimits = { memoryBytes: 1536 * 1024 ** 2, pids: 1024, cpus: 1, diskBytes: 3 * 1024 ** 3 };
/** How long a task may take to turn green after its solution (a server starting, a health check passing). */
const SETTLE_MS = 90_000;
const COMMAND_TIMEOUT_MS = 5 * 60_000;
/**
 * How soon a right answer must turn its task green once its commands are done, on an idle host: the judge's hold and
 * a new container's settling (task-judge.ts) fit in it. On a busy host (content CI runs labs side by side) the budget
 * grows with the load per core, so a slow host is never taken for a slow judge.
 */
const GREEN_WITHIN_MS = 5000;
/** How long a wrong attempt is watched after its commands for a task turning green: past the hold and the settling. */
const WRONG_WATCH_MS = RUNNING_SETTLE_MS + 1000;

export interface LabStepVerdict {
  /** `tasks/<id>/solution`, `tasks/<id>/tries/<n>` or `tasks/<id>/spellings/<n>`. */
  name: string;
  ok: boolean;
  seconds: number;
  problems: string[];
}

export interface LabVerification {
  lab: string;
  ok: boolean;
  steps: LabStepVerdict[];
}

export interface VerifyLabOptions {
  host: LabHostConfig;
  accounts: LabAccountPool;
  /** Where image tars saved from the grading engine are kept between labs. */
  imageCacheDir: string;
  log?: (line: string) => void;
}

/**
 * Runs a lab as a learner would, in a real lab engine, with the live lab's own watcher judging every task from the
 * lab's first state on (task-judge.ts: what a check says is absent must have been there, a task waits for the tasks
 * it needs, a task done stays done). For each task in order, every wrong attempt in `tries` must leave the task
 * unfinished with a hint that says what its entry promises (then `undo` puts the lab back); its solution must turn
 * it green, and so must each of its other spellings (after their `undo`) for a second judge that has seen the lab
 * so far. And no task may turn green before its own solution ran: not at the lab's first state, not after any
 * step of an earlier task's solution, wrong attempt or undo. The proof that every task can be done, that every hint
 * is reached, and that no task is given for free.
 */
export async function verifyLab(lab: Lab, options: VerifyLabOptions): Promise<LabVerification> {
  // What the lab's tasks must say of themselves (a background asked for and checked, no twin tasks), before running.
  const lint = lintLab(lab.spec);
  const steps: LabStepVerdict[] = [{ name: "content", ok: lint.length === 0, seconds: 0, problems: lint }];
  const account = await options.accounts.take();
  if (!account) throw new Error("every lab account of this host is in use; try again when a lab has ended");
  let engine: LabEngine | undefined;
  let session: LabSession | undefined;
  try {
    await mkdir(options.imageCacheDir, { recursive: true });
    engine = await startLabEngine(options.host, `verify-${lab.slug}-${process.pid}`, account, VERIFY_LIMITS);
    await loadLabImages(engine, lab.spec.images, { cacheDir: options.imageCacheDir });
    await writeLabHome(engine, lab.files);
    session = labSession(engine, lab.spec.tasks);
    const log = (step: LabStepVerdict) => {
      steps.push(step);
      options.log?.(`${step.ok ? "ok  " : "FAIL"} ${lab.slug}/${step.name} (${step.seconds} s)`);
      // Each problem as it is found: a long lab's author should not wait for its end to read why a step failed.
      for (const problem of step.problems) options.log?.(`       ${problem}`);
    };
    log(
      await timed("first-state", async (problems) => {
        await session!.during("the lab's first state", async () => {});
        problems.push(...session!.greenTooEarly());
      }),
    );
    for (const task of lab.spec.tasks) {
      for (const [n, attempt] of task.tries.entries()) {
        const name = `tasks/${task.id}/tries/${n + 1}`;
        log(
          await timed(name, async (problems) => {
            // A wrong attempt of kind "failed" or "typo" is a command that fails, as the learner's did: its exit
            // code is not the author's problem. Whatever it did must turn nothing green, watched past the hold.
            const ran = await session!.during(name, async () => {
              const ran = await session!.run(attempt.run);
              await session!.watchFor(WRONG_WATCH_MS);
              return ran;
            });
            const failing = attempt.kind === "failed" || attempt.kind === "typo";
            if (ran.code !== 0 && !failing)
              problems.push(`the wrong attempt's commands failed (${ran.code}): ${tail(ran.out)}`);
            const wanted = attempt.hint;
            const status = await session!.until(task, (s) => !s.done && (!wanted || (s.hint ?? "").includes(wanted)));
            if (status.done) problems.push(`the task is done after the wrong attempt: ${status.found}`);
            else if (wanted && !(status.hint ?? "").includes(wanted))
              problems.push(`the hint does not say "${wanted}": ${status.found} ${status.hint ?? "(no hint)"}`);
            if (attempt.undo) {
              const undone = await session!.during(`${name} (undo)`, () => session!.run(attempt.undo!));
              if (undone.code !== 0) problems.push(`undo failed (${undone.code}): ${tail(undone.out)}`);
            }
            problems.push(...session!.greenTooEarly());
          }),
        );
      }
      const name = `tasks/${task.id}/solution`;
      log(
        await timed(name, async (problems) => {
          const ran = await session!.during(name, () => session!.run(task.solution));
          if (ran.code !== 0) problems.push(`the solution's commands failed (${ran.code}): ${tail(ran.out)}`);
          const ranAt = performance.now();
          const loadThen = recentLoad();
          const after = await session!.until(task, (s) => s.done);
          problems.push(...tooSlow(after.done, ranAt, loadThen, "its solution"));
          if (!after.done) {
            // What the lab looked like, for the author: the containers and their last words.
            const seen = await session!.run(
              "docker ps -a --format '{{.Names}}: {{.Status}} {{.Ports}}'; " +
                "for c in $(docker ps -aq); do docker logs --tail 5 $c 2>&1 | sed 's/^/    /'; done",
            );
            problems.push(
              `the task is not done after its solution: ${after.found} ${after.hint ?? ""}\n` +
                `  the solution printed:\n${tail(ran.out)}\n  the lab's containers:\n${tail(seen.out, 30)}`,
            );
          }
          problems.push(...session!.greenTooEarly());
        }),
      );
      for (const [n, spelling] of task.spellings.entries()) {
        const name = `tasks/${task.id}/spellings/${n + 1}`;
        log(
          await timed(name, async (problems) => {
            const undone = await session!.during(`${name} (undo)`, () => session!.run(spelling.undo));
            if (undone.code !== 0) problems.push(`undo failed (${undone.code}): ${tail(undone.out)}`);
            // A judge that has seen the lab so far, with this task open again: it must see the spelling do it.
            const second = session!.secondJudge(task);
            try {
              const ran = await session!.during(name, () => session!.run(spelling.run));
              if (ran.code !== 0) problems.push(`the spelling's commands failed (${ran.code}): ${tail(ran.out)}`);
              const ranAt = performance.now();
              const loadThen = recentLoad();
              const after = await second.until((s) => s.done);
              problems.push(...tooSlow(after.done, ranAt, loadThen, "this spelling"));
              if (!after.done)
                problems.push(`the task is not done after this spelling: ${after.found} ${after.hint ?? ""}`);
            } finally {
              second.stop();
            }
            problems.push(...session!.greenTooEarly());
          }),
        );
      }
    }
  } finally {
    session?.stop();
    await engine?.stop();
    await options.accounts.give(account);
  }
  return { lab: lab.slug, ok: steps.every((s) => s.ok), steps };
}

type LabSession = ReturnType<typeof labSession>;

/**
 * The learner's side of a running lab: commands in its shell, and every task's standing as the live lab's watcher
 * reports it (the same judge, fed the same engine events), with the step during which each task first turned green.
 */
function labSession(engine: LabEngine, tasks: readonly LabTask[]) {
  // As the live lab reaches its engine: the pinned socket, answers capped.
  const docker = labEngineClients(engine.socket);
  const probe = labProbe(engine);
  const latest = new Map<string, TaskStatus>();
  /** Task id → the step during which it first showed done. */
  const greenDuring = new Map<string, string>();
  const reported = new Set<string>();
  let step = "the lab's first state";
  const watcher = watchTasks({
    tasks,
    readState: labStateReader(docker.api, probe),
    onChange: (status) => {
      latest.set(status.id, status);
      if (status.done && !greenDuring.has(status.id)) greenDuring.set(status.id, step);
    },
    intervalMs: 1000,
  });
  const unfollow = followLabEvents(docker.events, watcher.observe, { since: Math.floor(Date.now() / 1000) - 1 });
  /** Every task's standing read anew, after whatever the engine did so far. */
  const fresh = async () => {
    watcher.poke();
    await watcher.settled();
  };
  const status = async (task: LabTask): Promise<TaskStatus> => {
    await fresh();
    return latest.get(task.id) ?? { id: task.id, done: false, found: "not judged yet" };
  };
  return {
    /** Runs `body` as the step `name`: a task turning green meanwhile is put down to it, read once more at its end. */
    during: async <T>(name: string, body: () => Promise<T>): Promise<T> => {
      await fresh();
      step = name;
      const result = await body();
      await fresh();
      return result;
    },
    /** A problem for each task that turned green during a step other than its own solution, said once. */
    greenTooEarly: (): string[] =>
      [...greenDuring]
        .filter(([id, during]) => during !== `tasks/${id}/solution` && !reported.has(id))
        .map(([id, during]) => {
          reported.add(id);
          const found = latest.get(id)?.found ?? "";
          return `the task ${id} turned green during ${during}, before its own solution ran: ${found}`;
        }),
    /** As typed in the lab's terminal: bash in the home directory, stopping at the first failing command. */
    run: async (script: string) => {
      const { code, stdout } = await probe.exec(
        ["bash", "-c", `exec 2>&1\ncd "$HOME"\nset -eo pipefail\n${script}`],
        COMMAND_TIMEOUT_MS,
      );
      return { code, out: stdout };
    },
    /** Reads the lab's state for `ms` (a task turning green meanwhile is put down to the step under way). */
    watchFor: async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        await fresh();
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    /** The task's status once `wanted` holds, or the last one read when SETTLE_MS has passed. */
    until: async (task: LabTask, wanted: (s: TaskStatus) => boolean): Promise<TaskStatus> => {
      const deadline = Date.now() + SETTLE_MS;
      for (;;) {
        const current = await status(task);
        if (wanted(current) || Date.now() > deadline) return current;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    /**
     * A second watcher of the lab whose judge forks the main one's (its history, its done tasks) with `task` open
     * again, for a spelling of a task already done: the main judge's record stays as it was.
     */
    secondJudge: (task: LabTask) => {
      let current: TaskStatus = { id: task.id, done: false, found: "not judged yet" };
      const second = watchTasks({
        tasks,
        judge: watcher.fork(task.id),
        readState: labStateReader(docker.api, probe),
        onChange: (status) => {
          if (status.id === task.id) current = status;
        },
        intervalMs: 1000,
      });
      const unfollowSecond = followLabEvents(docker.events, second.observe, {
        since: Math.floor(Date.now() / 1000) - 1,
      });
      return {
        until: async (wanted: (s: TaskStatus) => boolean): Promise<TaskStatus> => {
          const deadline = Date.now() + SETTLE_MS;
          for (;;) {
            second.poke();
            await second.settled();
            if (wanted(current) || Date.now() > deadline) return current;
            await new Promise((r) => setTimeout(r, 500));
          }
        },
        stop: () => {
          unfollowSecond();
          second.stop();
        },
      };
    },
    stop: () => {
      unfollow();
      watcher.stop();
    },
  };
}

async function timed(name: string, body: (problems: string[]) => Promise<void>): Promise<LabStepVerdict> {
  const started = performance.now();
  const problems: string[] = [];
  try {
    await body(problems);
  } catch (err) {
    problems.push(`the step could not run: ${(err as Error).message}`);
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  return { name, ok: problems.length === 0, seconds, problems };
}

/**
 * A right answer that turned its task green later than GREEN_WITHIN_MS after its commands, scaled by the host's load
 * per core (at least 1): a learner waits that long for the tick. The load is the highest the host showed over the
 * wait (when the commands ended, and when the task turned green; the last minute's average and the last five's), so
 * a burst of other work while the judge read the lab is not taken for a slow judge.
 */
function tooSlow(done: boolean, ranAt: number, loadThen: number, what: string): string[] {
  if (!done) return [];
  const seconds = (performance.now() - ranAt) / 1000;
  const load = Math.max(1, Math.max(loadThen, recentLoad()) / os.availableParallelism());
  const budget = (GREEN_WITHIN_MS / 1000) * load;
  return seconds <= budget
    ? []
    : [
        `the task turned green ${seconds.toFixed(1)} s after ${what}'s commands, past ${budget.toFixed(1)} s ` +
          `(${GREEN_WITHIN_MS / 1000} s on an idle host, at a load of ${load.toFixed(1)} per core)`,
      ];
}

/** The host's load: the higher of its one- and five-minute averages. */
function recentLoad(): number {
  const [one, five] = os.loadavg();
  return Math.max(one!, five!);
}

function tail(text: string, lines = 8): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
