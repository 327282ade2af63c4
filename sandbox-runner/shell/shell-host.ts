import type Docker from "dockerode";
import type pg from "pg";
import { listenOnControlChannel } from "../control-channel";
import { moveShell, SHELL_CONTROL_CHANNEL, SHELL_LIMITS, type ShellControl, shellControlSchema } from "../from-lib";
import type { Host } from "../hosts/host";
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

/** The shell host (../hosts/host.ts): at each beat it claims what a missed NOTIFY left waiting. */
export interface ShellHost extends Host {
  /** Claims the shells requested on this engine that a missed NOTIFY left waiting. */
  poll(): Promise<void>;
  /** Shells this runner serves now, starting ones included. */
  readonly active: number;
  /** Stops taking shells and closes every one it serves, telling each learner why. */
  stop(reason?: string): Promise<void>;
}

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

  const listener = await listenOnControlChannel({
    url: opts.databaseUrl,
    channel: SHELL_CONTROL_CHANNEL,
    schema: shellControlSchema,
    name: "shell",
    onMessage: act,
    onReconnect: poll,
    log,
  });
  await poll();

  return {
    kind: "shell",
    poll,
    tick: poll,
    load: () => ({ capacity: limits.perRunner, active: shells.size }),
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
