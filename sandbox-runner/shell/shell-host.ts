import type Docker from "dockerode";
import type pg from "pg";
import type { Host } from "../hosts/host";
import { keptImageRules, shellSessionLive } from "../kept-images";
import type { ReapRules } from "../reaper";
import { claimSession, closeOrphans, listenForSessions } from "../sessions/session-host";
import { CLOSE_REASONS } from "./close-reasons";
import { SHELL_LIMITS, typedSql } from "./lib";
import { ServedShell, type ShellHostLimits } from "./served-shell";

/**
 * What the reaper keeps for shells: a shell's container while its session lives, and the kept images shells open
 * on (a runner that serves shells keeps them whether or not it grades too).
 */
export function shellReapRules(db: pg.Pool, engineId: string): ReapRules {
  return { isShellLive: shellSessionLive(db), keptImages: keptImageRules(db, engineId) };
}

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
 * The runner's side of learners' shells. It listens on SESSION_CONTROL_CHANNEL over a connection of its own: claims
 * shell requests for its engine (moveSession makes exactly one runner win), and passes input, resizes and close
 * requests to the shells it serves; every other host ignores those. At most `perRunner` shells at a time; a request
 * past that waits for another runner on the engine, or for the stranded sweep's "not picked up" after the shell
 * kind's claim deadline (lib/sessions/session-kinds.ts).
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
    if (await claimSession(db, sessionId, opts.runnerId, log)) shell.begin();
    else shells.delete(sessionId);
  };

  const poll = async (): Promise<void> => {
    if (stopped) return;
    const queued = typedSql(db).selectFrom("sandbox_session").select("id").where("kind", "=", "shell");
    const rows = await queued
      .where((w) => w.and({ status: "queued", engineId: opts.engineId }))
      .orderBy("createdAt")
      .limit(limits.perRunner)
      .execute();
    for (const { id } of rows) await claim(id);
  };

  // Their containers are gone or go with the reaper.
  await closeOrphans(db, "shell", opts.runnerId, CLOSE_REASONS.graderStopping());
  const listener = await listenForSessions({
    kind: "shell",
    url: opts.databaseUrl,
    served: shells,
    onRequest: (request) => {
      if (request.engineId === opts.engineId) void claim(request.sessionId);
    },
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
