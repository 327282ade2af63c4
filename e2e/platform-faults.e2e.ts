import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allFinal,
  finalStatusEvents,
  readSubmission,
  slowBuild,
  slowMirrorBuild,
  waitFor,
} from "../test-support/faults/testing/fault-harness";
import { alive as running } from "../test-support/live-process";
import { uniqueEmail } from "./accounts";

/**
 * `npm start`'s supervisor (scripts/platform.ts) under kill -9: each part of a platform of this file's own (its
 * port, data directory and PostgreSQL) is killed while a submission builds, comes back by itself, and the
 * submission still ends graded. Then Ctrl-C stops everything within 10 s. The Docker engine is the machine's
 * shared one: it is killed only where the platform may restart it (Dockyard's own engine, as root), and the test
 * holds the engine's lock for that (the e2e suite runs under it); afterwards the engine is started again,
 * whatever happened.
 */
const root = path.resolve(import.meta.dirname, "..");
const PORT = 3120;
const PG_PORT = 54336;
const base = `http://localhost:${PORT}`;
const DATA_DIR = path.join(root, ".data/platform-faults");
const ENGINE_PIDFILE = "/run/dockyard-engine/dockerd.pid";
const ownEngine = !process.env.DOCKER_HOST || process.env.DOCKER_HOST === "unix:///run/dockyard-engine/docker.sock";
const canKillEngine = ownEngine && process.getuid?.() === 0;
const run = promisify(execFile);

let platform: ChildProcess;
const output: string[] = [];
let db: pg.Pool;
let cookie: string;

beforeAll(async () => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  platform = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/platform.ts")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      PG_PORT: String(PG_PORT),
      DATA_DIR,
      APP_URL: base,
      DATABASE_URL: "",
      RUNNER_ID: "platform-faults",
      // Quick beats: the engine's absence shows in /api/health within a second or two.
      RUNNER_HEARTBEAT_SECONDS: "1",
      RUNNER_LEASE_SECONDS: "5",
      // As `npm start` passes it when it started the engine (CI's test run started it the same way).
      DOCKYARD_ENGINE_PID: canKillEngine ? readFileSync(ENGINE_PIDFILE, "utf8").trim() : "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const remember = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (process.env.E2E_VERBOSE) process.stdout.write(chunk);
  };
  platform.stdout!.on("data", remember);
  platform.stderr!.on("data", remember);
  const endedOrReady = async () => (said("[dockyard] ready on") || platform.exitCode !== null ? true : undefined);
  await waitFor("the platform to be ready", endedOrReady, 240_000);
  // npm start refused to start (a port already taken, say): its last words say why.
  if (platform.exitCode !== null) throw new Error(`npm start ended first:\n${output.join("").slice(-3000)}`);
  db = new pg.Pool({ connectionString: `postgresql://dockyard:dockyard@127.0.0.1:${PG_PORT}/dockyard` });
  // PostgreSQL is killed below: this pool's idle connections die with it and are replaced.
  db.on("error", () => {});
  cookie = await signUp();
}, 300_000);

afterAll(async () => {
  if (platform?.exitCode === null && platform.signalCode === null) {
    platform.kill("SIGKILL");
  }
  await db?.end();
  // The machine's engine is left running whatever happened, for the tests after this one.
  if (canKillEngine) await run("bash", ["scripts/ensure-docker.sh"], { cwd: root });
  rmSync(DATA_DIR, { recursive: true, force: true });
}, 120_000);

describe("npm start's supervisor", () => {
  it("brings back a killed runner, and the submission it was grading ends graded", async () => {
    await killMidGrading("runner", "the runner");
  }, 600_000);

  it("brings back a killed web server while grading goes on", async () => {
    await killMidGrading("web", "the web server");
  }, 600_000);

  it("brings back a killed PostgreSQL, and grading goes on", async () => {
    await killMidGrading("database", "PostgreSQL");
  }, 600_000);

  it.runIf(canKillEngine)(
    "brings back a killed Docker engine; health says it is down meanwhile, and mirror builds pass",
    async () => {
      const seen: unknown[] = [];
      const watching = watchHealth(seen);
      await killMidGrading("engine", "the Docker engine");
      watching.stop();
      await watching.done;
      expect(seen).toContainEqual(
        expect.objectContaining({ ok: false, database: "up", engine: expect.objectContaining({ status: "down" }) }),
      );
      const health = await waitFor(
        "the engine to be reported up again",
        async () => {
          const body = await (await fetch(`${base}/api/health`)).json();
          return body.engine?.status === "up" ? body : undefined;
        },
        30_000,
      );
      expect(health).toMatchObject({ ok: true, database: "up", activeRunners: 1 });
    },
    600_000,
  );

  it("stops everything within 10 s on Ctrl-C", async () => {
    const pids = ["runner", "web", "database", ...(canKillEngine ? ["engine"] : [])].map(latestPid);
    const started = Date.now();
    platform.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => platform.once("exit", (c) => resolve(c)));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(0);
    await sleep(500);
    expect(pids.filter(running)).toEqual([]);
  });
});

/**
 * Submits a slow build, kills the part once the build is under way, and checks the part and the grade. For the
 * engine, as issue 33 did it: the build installs from the package mirror, and another learner submits at once after
 * the kill; both must end passed (a pip step that could not reach the mirror was once graded as the learner's fail).
 */
async function killMidGrading(part: string, title: string): Promise<void> {
  const before = occurrences(`[dockyard] ${title} is back`);
  const mirror = part === "engine";
  const id = await submit(cookie, mirror ? slowMirrorBuild(20, `killed-${Date.now()}`) : slowBuild(20));
  await waitFor(
    "the build to be under way",
    async () => ((await readSubmission(db, id)).log.includes("tick-2") ? true : undefined),
    180_000,
  );
  process.kill(latestPid(part), "SIGKILL");
  const ids = [id];
  if (mirror) ids.push(await submit(await signUp(), slowMirrorBuild(1, `at-once-${Date.now()}`)));
  await waitFor(
    `${title} to come back`,
    async () => (occurrences(`[dockyard] ${title} is back`) > before ? true : undefined),
    120_000,
  );
  const outcomes = await allFinal(db, ids, 420_000);
  for (const outcome of outcomes) {
    expect(outcome.status, outcome.errorMessage ?? outcome.log.slice(-1500)).toBe("passed");
    expect(finalStatusEvents(outcome)).toHaveLength(1);
  }
  const health = await waitFor(
    "health to answer",
    async () => {
      const response = await fetch(`${base}/api/health`);
      return response.status === 200 ? await response.json() : undefined;
    },
    60_000,
  );
  expect(health).toMatchObject({ database: "up" });
}

/** Polls /api/health until stopped, keeping every body it answered. */
function watchHealth(seen: unknown[]) {
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      try {
        seen.push(await (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) })).json());
      } catch {
        // Not answering for a moment is not what this watches.
      }
      await sleep(200);
    }
  })();
  return { done, stop: () => (stopped = true) };
}

async function signUp(): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ name: "Kai Faults", email: uniqueEmail("kai"), password: "correct horse battery" }),
  });
  if (!response.ok) throw new Error(`sign-up refused (${response.status}): ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function submit(as: string, files: { path: string; content: string }[]): Promise<string> {
  // Through whichever web server answers now: the previous step may have just brought it back.
  const response = await waitFor(
    "the submission to be accepted",
    async () => {
      const answer = await fetch(`${base}/api/submissions`, {
        method: "POST",
        headers: { cookie: as, "content-type": "application/json", origin: base },
        body: JSON.stringify({ exercise: "first-image", files }),
      });
      return answer.status === 202 ? answer : undefined;
    },
    60_000,
  );
  return ((await response.json()) as { id: string }).id;
}

function said(text: string): boolean {
  return output.join("").includes(text);
}

function occurrences(text: string): number {
  return output.join("").split(text).length - 1;
}

/** The process id the supervisor last named for a part: "… is up (pid N)" or "… is back (pid N)". */
function latestPid(part: string): number {
  const title = { runner: "the runner", web: "the web server", database: "PostgreSQL", engine: "the Docker engine" }[
    part
  ];
  const pattern = new RegExp(`\\[dockyard\\] ${title} is (?:up|back) \\(pid (\\d+)\\)`, "g");
  const pids = [...output.join("").matchAll(pattern)].map((m) => Number(m[1]));
  if (pids.length === 0) throw new Error(`the platform named no process for the ${part}`);
  return pids.at(-1)!;
}
