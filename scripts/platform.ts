import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { env, isSet } from "../lib/config/env";
import { applyMigrations } from "../lib/db/migrate";
import { ensureBaseImages } from "../sandbox-runner/images/seed-base-images";
import { embeddedPostgres } from "./supervisor/embedded-postgres-part";
import { nodeProcess } from "./supervisor/node-process";
import { ownEngine } from "./supervisor/own-engine-part";
import { type PartSpec, SupervisedPart } from "./supervisor/supervised-part";

/**
 * Runs the whole platform on one machine and keeps it running: PostgreSQL (embedded unless DATABASE_URL is given),
 * migrations, base images, one sandbox runner process and the web server, and Dockyard's own Docker engine when
 * `npm start` started it (DOCKYARD_ENGINE_PID). A part that dies is started again (scripts/supervisor/); one that
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

let engine: SupervisedPart | undefined;
let database: SupervisedPart | undefined;
const apps: SupervisedPart[] = [];
let stopping = false;

async function main() {
  mkdirSync(dataDir, { recursive: true });
  if (settings.DOCKYARD_ENGINE_PID) {
    engine = await supervise(ownEngine({ root, pid: settings.DOCKYARD_ENGINE_PID }));
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
  await ensureBaseImages({ log: say });
  await ensureLabHost();

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
  apps.push(
    await supervise(
      nodeProcess("runner", "the runner", path.join(root, "sandbox-runner/main.ts"), {
        cwd: root,
        env: { ...env, RUNNER_ID },
      }),
    ),
    await supervise(
      nodeProcess("web", "the web server", path.join(root, "scripts/web-server.ts"), {
        cwd: root,
        env: { ...env, PORT: String(port), HOST: settings.HOST, NODE_ENV: "production" },
      }),
    ),
  );
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 120_000);
  if (stopping) return;
  say(`ready on ${appUrl}`);
}

/**
 * Makes this machine a lab host before the runner looks whether it is one (docs/labs.md): packages and lab
 * accounts, idempotent. Only as root (a runner that is not cannot run labs anyway) and unless labs are off; a
 * failure leaves the platform without labs, said once, rather than without everything.
 */
async function ensureLabHost() {
  if (settings.RUNNER_LABS === "off" || process.getuid?.() !== 0) return;
  try {
    await promisify(execFile)("bash", [path.join(root, "scripts/labs/ensure-lab-host.sh")], { timeout: 300_000 });
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    say(`this machine cannot be made a lab host, so labs are off: ${(stderr || (err as Error).message).trim()}`);
    if (settings.RUNNER_LABS === "on") throw err;
  }
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
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
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
  // The runner's jobs that cannot finish in time stay `running` under RUNNER_ID; the next start hands them back.
  await Promise.all(apps.map((part) => part.stop(APPS_GRACE_MS)));
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
