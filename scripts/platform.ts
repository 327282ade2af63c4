import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { hostname } from "node:os";
import path from "node:path";
import pg from "pg";
import { env, isSet } from "../lib/config/env";
import { applyMigrations } from "../lib/db/migrate";
import { recordWarmUp } from "../lib/platform/warm-up-store";
import { embeddedPostgres } from "./supervisor/embedded-postgres-part";
import { ensureLabHost } from "./supervisor/lab-host-setup";
import { nodeProcess } from "./supervisor/node-process";
import { type PartSpec, SupervisedPart } from "./supervisor/supervised-part";
import { startWarmUp, type WarmUpHooks, type WarmUpOutcome, type WarmUpSteps } from "./supervisor/warm-up";
import { WarmUpRecorder } from "./supervisor/warm-up-recorder";

/**
 * Runs the whole platform on one machine and keeps it running: PostgreSQL (embedded unless DATABASE_URL is given),
 * migrations, the web server, then one sandbox runner process once the base images are there, and Dockyard's own
 * Docker engine when `npm start` started it (DOCKYARD_ENGINE_PID). Pages come first: the images and the lab host are
 * prepared in the background while the web server already answers (scripts/supervisor/warm-up.ts), and gradings and
 * labs asked for meanwhile wait in their queues. A part that dies is started again (scripts/supervisor/); one that
 * keeps dying stops the platform with its last output. Ctrl-C (or SIGTERM) stops everything within 10 s.
 */
const root = path.resolve(import.meta.dirname, "..");
const settings = env();
const dataDir = path.resolve(root, settings.DATA_DIR);
const port = settings.PORT;
const pgPort = settings.PG_PORT;
const say = (line: string) => console.log(`[dockyard] ${line}`);

/**
 * Stopping: the runner and web server get an orderly stop, then a kill; then PostgreSQL and the engine the same.
 * Whatever still runs when the budget is spent is killed, so a dead or hung part never holds up Ctrl-C.
 */
const STOP_BUDGET_MS = 9_000;
const APPS_GRACE_MS = 5_000;
/** The runner's name in every life: a restarted runner hands its predecessor's jobs back at once (lease.ts). */
const RUNNER_ID = settings.RUNNER_ID ?? `${hostname()}-platform`;

/**
 * The PostgreSQL role the runner connects as (lib/host-roles/host-roles.ts): a member of the group roles of the hosts
 * it runs, so it can touch only their tables, never the accounts, LTI or institutions' secrets the web app keeps.
 */
const RUNNER_ROLE = "dockyard_runner_local";

/**
 * What the web server has and the runner must not: the secret that signs sessions, the mail server's credentials,
 * the admin's first password. The runner runs learners' code; whatever it holds, a sandbox escape holds too.
 */
const WEB_ONLY_SETTINGS = ["BETTER_AUTH_SECRET", "SMTP_URL", "DOCKYARD_ADMIN_PASSWORD"] as const;

/** How long the first warm-up states may take to be written before the web server starts anyway. */
const FIRST_RECORD_MS = 5_000;

let engine: SupervisedPart | undefined;
let database: SupervisedPart | undefined;
const apps: SupervisedPart[] = [];
let stopping = false;
/** Stops the warm-up (a seeding run, the lab host's apt-get) when the platform stops. */
const warmUpAbort = new AbortController();
let warmUp: Promise<WarmUpOutcome> | undefined;
let warmUpDb: pg.Pool | undefined;
let recorder: WarmUpRecorder | undefined;

async function main() {
  mkdirSync(dataDir, { recursive: true });
  // Readiness is a page answering on the port: a server left there by another platform would pass for this one's.
  if (await portTaken(port, settings.HOST)) {
    console.error(
      `[dockyard] port ${port} is already in use (another npm start, or a web server one left behind?): ` +
        "stop what listens there, or start on another port with PORT=",
    );
    process.exit(1);
  }
  // The embedded database unless the operator named one: its default URL is the embedded one's.
  let databaseUrl = isSet("DATABASE_URL") ? settings.DATABASE_URL : undefined;
  if (!databaseUrl) {
    const pgData = path.join(dataDir, "pg");
    say(`starting PostgreSQL (data in ${path.relative(root, pgData)}, port ${pgPort})`);
    database = await supervise(embeddedPostgres({ dataDir: pgData, port: pgPort }));
    databaseUrl = `postgresql://dockyard:dockyard@127.0.0.1:${pgPort}/dockyard`;
  }
  const { applied } = await applyMigrations(databaseUrl, { log: say });
  say(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema up to date");
  // Made beside the web server's start, needed only by the runner's: the role with this installation's password
  // (loaded here, after PostgreSQL answers: it brings pg-boss, whose schema it installs).
  const password = storedSecret("runner-db-password");
  const runnerDatabaseUrl = import("../lib/host-roles/host-roles").then(({ ensureHostLoginRole }) =>
    ensureHostLoginRole(databaseUrl, { name: RUNNER_ROLE, password, hosts: settings.RUNNER_HOSTS }),
  );
  // Awaited before the runner starts; a failure meanwhile must not be an unhandled rejection.
  runnerDatabaseUrl.catch(() => {});
  let pagesAnswer = () => {};
  const pagesUp = new Promise<void>((resolve) => (pagesAnswer = resolve));
  warmUp = beginWarmUp(databaseUrl, pagesUp);
  // The first page a learner opens must already know that images are being prepared.
  await recorder?.settled(FIRST_RECORD_MS);

  const appUrl = isSet("APP_URL") ? settings.APP_URL : `http://localhost:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    APP_URL: appUrl,
    BETTER_AUTH_SECRET: settings.BETTER_AUTH_SECRET ?? authSecret(),
    NEXT_TELEMETRY_DISABLED: "1",
    // The engine is the supervisor's to watch, not the runner's.
    DOCKYARD_ENGINE_PID: undefined,
  };
  // The web server first, alone: pages answer sooner without the runner's start competing for the CPU.
  apps.push(
    await supervise(
      nodeProcess("web", "the web server", path.join(root, "scripts/web-server.ts"), {
        cwd: root,
        env: { ...env, PORT: String(port), HOST: settings.HOST, NODE_ENV: "production" },
      }),
    ),
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, 120_000);
  } finally {
    pagesAnswer();
  }
  if (stopping) return;
  // "ready on" means the web server answers (e2e/global-setup.ts waits for it); grading may still be warming up.
  say(`ready on ${appUrl}`);
  if (settings.DOCKYARD_ENGINE_PID) {
    // Watched from here on, not from the start: the part's imports (dockerode) cost seconds before the first page,
    // and the engine is needed by the warm-up only. Until then `npm start` itself stops it on exit.
    const { ownEngine } = await import("./supervisor/own-engine-part");
    if (stopping) return;
    engine = await supervise(ownEngine({ root, pid: settings.DOCKYARD_ENGINE_PID }));
  }

  const outcome = await warmUp;
  if (stopping || !outcome) return;
  if (outcome.fatal) {
    console.error(`[dockyard] ${outcome.fatal}`);
    void shutdown(1);
    return;
  }
  // Without the images the runner would only fail its jobs; they wait in the queue for the next start instead.
  if (!outcome.imagesReady) return;
  let runnerUrl: string;
  try {
    runnerUrl = await runnerDatabaseUrl;
  } catch (err) {
    console.error(`[dockyard] could not make the runner's database role ${RUNNER_ROLE}: ${(err as Error).message}`);
    void shutdown(1);
    return;
  }
  if (stopping) return;
  const runnerEnv: NodeJS.ProcessEnv = { ...env, RUNNER_ID, DATABASE_URL: runnerUrl };
  for (const name of WEB_ONLY_SETTINGS) delete runnerEnv[name];
  apps.push(
    await supervise(
      nodeProcess("runner", "the runner", path.join(root, "sandbox-runner/main.ts"), {
        cwd: root,
        env: runnerEnv,
      }),
    ),
  );
}

/**
 * The warm-up behind the web server (scripts/supervisor/warm-up.ts), from the moment it answers: the images, and
 * this machine as a lab host before the runner looks whether it is one (docs/labs.md). The lab host only as root (a
 * runner that is not cannot run labs anyway) and unless labs are off (RUNNER_LABS, RUNNER_HOSTS); its failure
 * leaves the platform without labs, said once, rather than without everything, unless RUNNER_LABS=on.
 */
function beginWarmUp(databaseUrl: string, pagesUp: Promise<void>): Promise<WarmUpOutcome> {
  warmUpDb = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // PostgreSQL restarting drops the idle connection; the recorder's next write opens another.
  warmUpDb.on("error", () => {});
  const db = warmUpDb;
  const host = hostname();
  const warmUpRecorder = new WarmUpRecorder((record) => recordWarmUp(db, record), say);
  recorder = warmUpRecorder;
  const labsOff =
    settings.RUNNER_LABS === "off"
      ? "RUNNER_LABS=off"
      : !settings.RUNNER_HOSTS.includes("lab")
        ? "RUNNER_HOSTS has no lab host"
        : process.getuid?.() !== 0
          ? "npm start does not run as root, and a lab host needs root"
          : undefined;
  const steps: WarmUpSteps = {
    seedImages: async (log, signal) => {
      // Loaded here, once the pages answer: its imports (the runner's shared code, dockerode) take seconds of CPU
      // that would otherwise come before PostgreSQL even starts.
      const { ensureBaseImages } = await import("../sandbox-runner/images/seed-base-images");
      await ensureBaseImages({ log, signal });
    },
    labHost: labsOff ? { off: labsOff } : { run: (signal) => ensureLabHost(root, signal) },
    labsRequired: settings.RUNNER_LABS === "on",
  };
  const hooks: WarmUpHooks = {
    record: (part, state, detail, begins) => warmUpRecorder.record({ part, state, detail, hostname: host, begins }),
    say,
  };
  return startWarmUp(steps, hooks, warmUpAbort.signal, pagesUp);
}

async function supervise(spec: PartSpec): Promise<SupervisedPart> {
  const part = new SupervisedPart(spec, {
    say,
    crashLoop: (message) => {
      console.error(`[dockyard] ${message}`);
      void shutdown(1);
    },
  });
  await part.start();
  return part;
}

/** A stable per-installation secret, created once, so sessions survive restarts. */
function authSecret(): string {
  return storedSecret("auth-secret");
}

/** A random secret kept in DATA_DIR/`name` (readable by this user only), made on the first start. */
function storedSecret(name: string): string {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Whether something already listens on `port`: this process cannot listen there itself. */
function portTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "EADDRINUSE"));
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Waits for `promise` to settle, at most `ms`; how it settles is not this wait's concern. */
async function settleWithin(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise?.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping");
  const started = Date.now();
  const lastResort = setTimeout(() => {
    say(`not stopped within ${STOP_BUDGET_MS / 1000} s; killing what is left`);
    for (const part of [...apps, database, engine]) part?.kill();
    process.exit(code);
  }, STOP_BUDGET_MS);
  // A seeding run or lab host set-up under way stops too; the next start resumes it.
  warmUpAbort.abort();
  // The runner's jobs that cannot finish in time stay `running` under RUNNER_ID; the next start hands them back.
  await Promise.all([...apps.map((part) => part.stop(APPS_GRACE_MS)), settleWithin(warmUp, APPS_GRACE_MS)]);
  // The warm-up's last states ("ready", or still "warming" where it was stopped) before PostgreSQL goes.
  await recorder?.settled(500);
  recorder?.stop();
  await settleWithin(warmUpDb?.end(), 500);
  const left = STOP_BUDGET_MS - (Date.now() - started) - 500;
  await Promise.all([database?.stop(left), engine?.stop(left)]);
  clearTimeout(lastResort);
  say(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code);
}

// embedded-postgres registers a hook that stops PostgreSQL and exits on the first
// signal, before the runner could drain; this supervisor owns shutdown order instead.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch((err) => {
  console.error(`[dockyard] failed to start: ${(err as Error).message}`);
  void shutdown(1);
});
