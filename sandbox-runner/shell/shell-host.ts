import type Docker from "dockerode";
import pg from "pg";
import { moveShell, SHELL_CONTROL_CHANNEL, SHELL_LIMITS, type ShellControl, shellControlSchema } from "../shared";
import { CLOSE_REASONS } from "./close-reasons";
import { ServedShell, type ShellHostLimits } from "./served-shell";

export interface ShellHostOptions {
  databaseUrl: string;
  db: pg.Pool;
  docker: Docker;
  runnerId: string;
  /** This runner's engine (`docker info` ID): it serves the shells of images kept there. */
  engineId: string;
  /** SHELL_LIMITS unless a test shortens them. */
  limits?: Partial<ShellHostLimits>;
  log?: (line: string) => void;
}

export interface ShellHost {
  /** Claims the shells requested on this engine that a missed NOTIFY left waiting (called at each heartbeat). */
  poll(): Promise<void>;
  /** Shells this runner serves now, starting ones included. */
  readonly active: number;
  /** Stops taking shells and closes every one it serves, telling each learner why. */
  stop(reason?: string): Promise<void>;
}

/** Waits between attempts to get the control connection back, growing to the last. */
const RECONNECT_MS = [250, 1000, 2000, 5000];

/**
 * The runner's side of learners' shells. It listens on SHELL_CONTROL_CHANNEL over a connection of its own: claims
 * requests for its engine (moveShell makes exactly one runner win), and passes input, resizes and close requests
 * to the shells it serves; every other runner ignores those. At most `perRunner` shells at a time; a request past
 * that waits for another runner on the engine, or for the lease sweep's "not picked up" after claimSeconds.
 */
export async function startShellHost(opts: ShellHostOptions): Promise<ShellHost> {
  const limits: ShellHostLimits = { ...SHELL_LIMITS, ...opts.limits };
  const log = opts.log ?? ((line: string) => console.log(`[shell] ${line}`));
  const { db } = opts;
  const shells = new Map<string, ServedShell>();
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const context = { db, docker: opts.docker, runnerId: opts.runnerId, engineId: opts.engineId, limits, log };

  const claim = async (sessionId: string): Promise<void> => {
    if (stopped || shells.has(sessionId) || shells.size >= limits.perRunner) return;
    // The slot is taken before the claim's round trip, so a burst of requests cannot go past perRunner.
    const shell = new ServedShell(context, sessionId, () => shells.delete(sessionId));
    shells.set(sessionId, shell);
    const claimed = await moveShell(db, sessionId, { to: "starting", runnerId: opts.runnerId }).catch((err: Error) => {
      log(`shell ${sessionId}: claim failed: ${err.message}`);
      return { moved: false as const };
    });
    if (!claimed.moved) {
      shells.delete(sessionId);
      return;
    }
    shell.begin();
  };

  const poll = async (): Promise<void> => {
    if (stopped) return;
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM shell_session WHERE status = 'requested' AND "engineId" = $1 ORDER BY "createdAt" LIMIT $2`,
      [opts.engineId, limits.perRunner],
    );
    for (const { id } of rows) await claim(id);
  };

  const act = (message: ShellControl): void => {
    if (message.kind === "request") {
      if (message.engineId === opts.engineId) void claim(message.sessionId);
      return;
    }
    const shell = shells.get(message.sessionId);
    if (!shell) return;
    if (message.kind === "input") shell.input(message.data);
    else if (message.kind === "resize") shell.resize(message.cols, message.rows);
    else void shell.close(CLOSE_REASONS.closedByYou());
  };

  // A previous life of this runner (a crash, under a fixed RUNNER_ID) left these open; their containers are gone
  // or go with the reaper.
  const { rows: orphans } = await db.query<{ id: string }>(
    `SELECT id FROM shell_session WHERE "runnerId" = $1 AND status IN ('starting', 'open')`,
    [opts.runnerId],
  );
  for (const { id } of orphans) await moveShell(db, id, { to: "closed", reason: CLOSE_REASONS.graderStopping() });

  const listener = await listenForControl(opts.databaseUrl, act, () => poll(), log);
  await poll();

  return {
    poll,
    get active() {
      return shells.size;
    },
    stop(reason = CLOSE_REASONS.graderStopping()) {
      stopping ??= (async () => {
        stopped = true;
        await listener.close();
        await Promise.all([...shells.values()].map((shell) => shell.close(reason)));
      })();
      return stopping;
    },
  };
}

/**
 * LISTEN on a connection of its own (a pool's connections come and go), got back whenever it is lost; every
 * reconnect is followed by `onReconnect`, since NOTIFYs sent meanwhile are gone.
 */
async function listenForControl(
  url: string,
  onMessage: (message: ShellControl) => void,
  onReconnect: () => Promise<void>,
  log: (line: string) => void,
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const receive = (payload: string | undefined) => {
    let parsed: ReturnType<typeof shellControlSchema.safeParse>;
    try {
      parsed = shellControlSchema.safeParse(JSON.parse(payload ?? ""));
    } catch {
      // Not JSON: nothing the web app sends, so nothing to act on; said below like any other malformed message.
      parsed = shellControlSchema.safeParse(undefined);
    }
    if (parsed.success) onMessage(parsed.data);
    else log(`ignored a malformed shell control message: ${(payload ?? "").slice(0, 200)}`);
  };

  const open = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (m) => receive(m.payload));
    // Only the connection in use is replaced; errors of one being set up reject its connect below instead.
    c.on("error", (err) => lost(c, err.message));
    c.on("end", () => lost(c, "connection ended"));
    try {
      await c.connect();
      await c.query(`LISTEN ${SHELL_CONTROL_CHANNEL}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    return c;
  };
  const lost = (c: pg.Client, why: string) => {
    if (client !== c || closed) return;
    client = undefined;
    // Ending a connection that already broke may fail too; it is being replaced either way.
    c.end().catch(() => undefined);
    log(`shell control connection lost (${why}); reconnecting`);
    schedule();
  };
  const schedule = () => {
    retry = setTimeout(() => void reconnect(), RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
  };
  const reconnect = async () => {
    if (closed) return;
    try {
      const c = await open();
      if (closed) return void (await c.end().catch(() => undefined));
      client = c;
      attempt = 0;
    } catch (err) {
      log(`shell control connection: ${(err as Error).message}; trying again`);
      schedule();
      return;
    }
    await onReconnect().catch((err: Error) =>
      log(`looking for waiting shells after a reconnect failed: ${err.message}`),
    );
  };
  // The first connection must work: a runner that cannot listen fails at start, like its other connections.
  client = await open();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch((err: Error) => log(`closing the shell control connection: ${err.message}`));
    },
  };
}
