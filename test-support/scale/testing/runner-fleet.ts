import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { SubmittedFile } from "../../../lib/file-sets/validate-files";
import { closeAppConnections } from "../../db/close-app-connections";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** One `npm run runner` process, as an operator starts it on a grading machine. */
export interface RunnerProcess {
  id: string;
  pid: number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves when it has exited, however it ended. */
  exited: Promise<void>;
  signal(signal: NodeJS.Signals): void;
}

export interface FleetOptions {
  databaseUrl: string;
  /** Runner ids; one process each. */
  ids: string[];
  /** More settings for every runner (lib/config/env.ts), e.g. a short lease for a test. */
  env?: Record<string, string>;
  /** Echo each runner's output, prefixed with its id (benchmarks). */
  echo?: boolean;
}

/**
 * Starts runner processes (sandbox-runner/main.ts, concurrency 1 unless `env` says otherwise) and resolves once
 * every one of them has started its workers. They share the caller's engine (DOCKER_HOST) and the given database.
 */
export async function startFleet(opts: FleetOptions): Promise<RunnerProcess[]> {
  const runners = opts.ids.map((id) => startRunnerProcess(id, opts));
  try {
    await Promise.all(runners.map((r) => working(r)));
  } catch (err) {
    await stopFleet(runners);
    throw err;
  }
  return runners;
}

/** SIGTERM (the runner drains and records itself stopped), then SIGKILL for one that does not exit in time. */
export async function stopFleet(runners: RunnerProcess[], graceMs = 90_000): Promise<void> {
  await Promise.all(
    runners.map(async (r) => {
      r.signal("SIGTERM");
      const timer = setTimeout(() => r.signal("SIGKILL"), graceMs);
      await r.exited;
      clearTimeout(timer);
    }),
  );
}

function startRunnerProcess(id: string, opts: FleetOptions): RunnerProcess {
  // node itself, not npx or npm: its pid is the runner's, so a kill -9 hits the runner and nothing in between.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "sandbox-runner/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      RUNNER_ID: id,
      RUNNER_CONCURRENCY: "1",
      // A fleet grades: lab engines would only take the machine's CPU and lab accounts from the tests that need them.
      RUNNER_LABS: "off",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (opts.echo) process.stdout.write(text.replace(/^(?=.)/gm, `[${id}] `));
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    id,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Resolves when the runner logs that its workers are taking jobs; rejects if it exits first. */
function working(runner: RunnerProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (runner.output().includes(`${runner.id} working `)) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void runner.exited.then(() => {
      clearInterval(timer);
      reject(new Error(`runner ${runner.id} exited before taking jobs:\n${runner.output()}`));
    });
  });
}

/** How often each submission id appears in a runner's "grading <id>" lines: a runner says it once per job it takes. */
export function gradingsBy(runner: RunnerProcess): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, id] of runner.output().matchAll(/\[runner\] grading (\S+)/g))
    counts.set(id!, (counts.get(id!) ?? 0) + 1);
  return counts;
}

/** The app's real submit path (createSubmission: row, event, pg-boss job), pointed at `databaseUrl`. */
export async function learnerSubmissions(databaseUrl: string) {
  // The app's database handles are per process and read DATABASE_URL on first use.
  process.env.DATABASE_URL = databaseUrl;
  const { createSubmission } = await import("../../../lib/submissions/create-submission");
  return {
    submit: (userId: string, exercise: string, files: SubmittedFile[]) =>
      createSubmission(userId, { exercise, files }).then((s) => s.id),
    async close() {
      await closeAppConnections();
    },
  };
}
