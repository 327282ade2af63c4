import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, isSet } from "../lib/config/env";
import { type LocalPostgres, startLocalPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { ensureBaseImages } from "../sandbox-runner/images/seed-base-images";

/**
 * Runs the whole platform on one machine: PostgreSQL (embedded unless
 * DATABASE_URL is given), migrations, base images, one sandbox runner process
 * and the Next.js server. Ctrl-C (or SIGTERM) stops everything it started.
 */
const root = path.resolve(import.meta.dirname, "..");
const settings = env();
const dataDir = path.resolve(root, settings.DATA_DIR);
const port = settings.PORT;
const pgPort = settings.PG_PORT;
const say = (line: string) => console.log(`[dockyard] ${line}`);

const children: ChildProcess[] = [];
let database: LocalPostgres | undefined;
let stopping = false;

async function main() {
  mkdirSync(dataDir, { recursive: true });
  // The embedded database unless the operator named one: its default URL is the embedded one's.
  let databaseUrl = isSet("DATABASE_URL") ? settings.DATABASE_URL : undefined;
  if (!databaseUrl) {
    say(`starting PostgreSQL (data in ${path.relative(root, path.join(dataDir, "pg"))}, port ${pgPort})`);
    database = await startLocalPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort });
    databaseUrl = database.url;
  }
  const { applied } = await applyMigrations(databaseUrl, { log: say });
  say(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema up to date");
  await ensureBaseImages({ log: say });

  const appUrl = isSet("APP_URL") ? settings.APP_URL : `http://localhost:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    APP_URL: appUrl,
    BETTER_AUTH_SECRET: settings.BETTER_AUTH_SECRET ?? authSecret(),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  start("runner", [process.execPath, "--import", "tsx", path.join(root, "sandbox-runner/main.ts")], env);
  start("web", [process.execPath, "--import", "tsx", path.join(root, "scripts/web-server.ts")], {
    ...env,
    PORT: String(port),
    HOST: settings.HOST,
    NODE_ENV: "production",
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 120_000);
  say(`ready on ${appUrl}`);
}

/** A stable per-installation secret, created once, so sessions survive restarts. */
function authSecret(): string {
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function start(name: string, [command, ...args]: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command!, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk: Buffer) =>
    `${chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => `[${name}] ${l}`)
      .join("\n")}\n`;
  child.stdout!.on("data", (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr!.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  child.on("exit", (code, signal) => {
    if (stopping) return;
    say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  children.push(child);
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
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill("SIGKILL"), 70_000);
          child.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  await database?.stop().catch((err: unknown) => say(`could not stop the database: ${(err as Error).message}`));
  say("stopped");
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
