import { mkdir } from "node:fs/promises";
import Docker from "dockerode";
import type { LabAccountPool } from "../labs/lab-accounts";
import { type LabEngine, type LabHostConfig, type LabLimits, startLabEngine } from "../labs/lab-engine";
import { writeLabHome } from "../labs/lab-home";
import { loadLabImages } from "../labs/lab-images";
import { labProbe } from "../labs/lab-probe";
import { labStateReader, type TaskStatus, taskStatus } from "../labs/verify/watch-tasks";
import type { Lab, LabTask } from "../shared";

/** What content CI gives a lab: room for a Compose stack and a registry beside the images it starts with. */
const VERIFY_LIMITS: LabLimits = { memoryBytes: 1536 * 1024 ** 2, pids: 1024, cpus: 1, diskBytes: 3 * 1024 ** 3 };
/** How long a task may take to turn green after its solution (a server starting, a health check passing). */
const SETTLE_MS = 90_000;
const COMMAND_TIMEOUT_MS = 5 * 60_000;

export interface LabStepVerdict {
  /** `tasks/<id>/solution` or `tasks/<id>/tries/<n>`. */
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
 * Runs a lab as a learner would, in a real lab engine: for each task in order, every wrong attempt in `tries` must
 * leave the task unfinished with a hint that says what its entry promises (then `undo` puts the lab back); the
 * task must not be finished before its solution runs (a check the earlier state already passes tells nothing); its
 * solution must turn it green. The proof that every task can be done and every hint is reached.
 */
export async function verifyLab(lab: Lab, options: VerifyLabOptions): Promise<LabVerification> {
  const account = await options.accounts.take();
  if (!account) throw new Error("every lab account of this host is in use; try again when a lab has ended");
  const steps: LabStepVerdict[] = [];
  let engine: LabEngine | undefined;
  try {
    await mkdir(options.imageCacheDir, { recursive: true });
    engine = await startLabEngine(options.host, `verify-${lab.slug}-${process.pid}`, account, VERIFY_LIMITS);
    await loadLabImages(engine, lab.spec.images, { cacheDir: options.imageCacheDir });
    await writeLabHome(engine, lab.files);
    const session = labSession(engine);
    for (const task of lab.spec.tasks) {
      for (const [n, attempt] of task.tries.entries()) {
        const step = await timed(`tasks/${task.id}/tries/${n + 1}`, async (problems) => {
          const ran = await session.run(attempt.run);
          if (ran.code !== 0) problems.push(`the wrong attempt's commands failed (${ran.code}): ${tail(ran.out)}`);
          const status = await session.until(task, (s) => !s.done && (s.hint ?? "").includes(attempt.hint));
          if (status.done) problems.push(`the task is done after the wrong attempt: ${status.found}`);
          else if (!(status.hint ?? "").includes(attempt.hint))
            problems.push(`the hint does not say "${attempt.hint}": ${status.found} ${status.hint ?? "(no hint)"}`);
          if (attempt.undo) {
            const undone = await session.run(attempt.undo);
            if (undone.code !== 0) problems.push(`undo failed (${undone.code}): ${tail(undone.out)}`);
          }
        });
        steps.push(step);
        options.log?.(`${step.ok ? "ok  " : "FAIL"} ${lab.slug}/${step.name} (${step.seconds} s)`);
      }
      const step = await timed(`tasks/${task.id}/solution`, async (problems) => {
        const before = await session.status(task);
        if (before.done) problems.push(`the task is already done before its solution runs: ${before.found}`);
        const ran = await session.run(task.solution);
        if (ran.code !== 0) problems.push(`the solution's commands failed (${ran.code}): ${tail(ran.out)}`);
        const after = await session.until(task, (s) => s.done);
        if (!after.done) {
          // What the lab looked like, for the author: the containers and their last words.
          const seen = await session.run(
            "docker ps -a --format '{{.Names}}: {{.Status}} {{.Ports}}'; " +
              "for c in $(docker ps -aq); do docker logs --tail 5 $c 2>&1 | sed 's/^/    /'; done",
          );
          problems.push(
            `the task is not done after its solution: ${after.found} ${after.hint ?? ""}\n` +
              `  the solution printed:\n${tail(ran.out)}\n  the lab's containers:\n${tail(seen.out, 30)}`,
          );
        }
      });
      steps.push(step);
      options.log?.(`${step.ok ? "ok  " : "FAIL"} ${lab.slug}/${step.name} (${step.seconds} s)`);
    }
  } finally {
    await engine?.stop();
    await options.accounts.give(account);
  }
  return { lab: lab.slug, ok: steps.every((s) => s.ok), steps };
}

/** The learner's side of a running lab: commands in its shell, and the tasks' status read from its engine. */
function labSession(engine: LabEngine) {
  const docker = new Docker({ socketPath: engine.socket });
  const probe = labProbe(engine);
  const status = async (task: LabTask): Promise<TaskStatus> =>
    taskStatus(task, await labStateReader(docker, probe, [task])());
  return {
    status,
    /** As typed in the lab's terminal: bash in the home directory, stopping at the first failing command. */
    run: async (script: string) => {
      const { code, stdout } = await probe.exec(
        ["bash", "-c", `exec 2>&1\ncd "$HOME"\nset -eo pipefail\n${script}`],
        COMMAND_TIMEOUT_MS,
      );
      return { code, out: stdout };
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

function tail(text: string, lines = 8): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
