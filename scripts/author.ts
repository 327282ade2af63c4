import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { env, isSet } from "../lib/config/env";
import { type LocalPostgres, startLocalPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";

/**
 * `npm run author`: the development server as a live preview of content/. `next dev` watches content/ (through
 * the page's live reload) and refreshes the open lesson, quiz or exercise on every save, with the course's
 * validation problems shown in the page and here.
 *
 * The pages read the database (sessions, progress), so it needs one: DATABASE_URL when set, else the embedded
 * PostgreSQL of `npm start` when that is running, else the same embedded PostgreSQL (same data) started here.
 * Nothing grades here: with `npm start` running, its runner grades what the preview submits.
 */
const root = path.resolve(import.meta.dirname, "..");
const settings = env();
const dataDir = path.resolve(root, settings.DATA_DIR);
const say = (line: string) => console.log(`[author] ${line}`);

let database: LocalPostgres | undefined;
let web: ChildProcess | undefined;
let stopping = false;

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = await ensureDatabase();
  const { applied } = await applyMigrations(databaseUrl, { log: say });
  if (applied.length) say(`applied migrations: ${applied.join(", ")}`);

  // npm start may hold port 3000 already; the preview then takes the next free one (unless PORT says otherwise).
  const port = isSet("PORT") ? settings.PORT : await freePort(settings.PORT);
  const appUrl = isSet("APP_URL") ? settings.APP_URL : `http://localhost:${port}`;
  web = spawn(path.join(root, "node_modules/.bin/next"), ["dev", "-p", String(port)], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      APP_URL: appUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  web.on("exit", (code, signal) => {
    if (!stopping) say(`next dev exited (${signal ?? `code ${code}`})`);
    void shutdown(code ?? 0);
  });
  say(`live preview on ${appUrl}: open a lesson or an exercise, edit its files under content/ and save`);
}

async function ensureDatabase(): Promise<string> {
  if (isSet("DATABASE_URL")) return settings.DATABASE_URL;
  // The default URL is the embedded PostgreSQL's: if it answers, `npm start` (or another preview) is running it.
  if (await answers(settings.DATABASE_URL)) {
    say("using the PostgreSQL that npm start is running");
    return settings.DATABASE_URL;
  }
  say(`starting PostgreSQL (data in ${path.relative(root, path.join(dataDir, "pg"))}, port ${settings.PG_PORT})`);
  database = await startLocalPostgres({ dataDir: path.join(dataDir, "pg"), port: settings.PG_PORT });
  return database.url;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    // Refused or timed out: nothing is running there, which is the answer asked for.
    return false;
  } finally {
    // Ending a client that never connected can fail too; there is nothing left to release.
    await client.end().catch(() => {});
  }
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 20; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once("error", () => resolve(false))
        .once("listening", () => server.close(() => resolve(true)))
        .listen(port);
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${from} and ${from + 19}; set PORT`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (web && web.exitCode === null && web.signalCode === null) {
    await new Promise<void>((resolve) => {
      web!.once("exit", () => resolve());
      web!.kill("SIGTERM");
    });
  }
  await database?.stop().catch((err: unknown) => say(`could not stop PostgreSQL: ${(err as Error).message}`));
  process.exit(code);
}

// embedded-postgres stops PostgreSQL and exits on the first signal, before next dev has stopped; stop in order here.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch((err) => {
  console.error(`[author] failed to start: ${(err as Error).message}`);
  void shutdown(1);
});
