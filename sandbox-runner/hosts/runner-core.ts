import type Docker from "dockerode";
import pg from "pg";
import { pruneClosedSessionOutput } from "../core/lib";
import { engineClient } from "../docker/engine";
import { engineProblem, untilEngineAnswers } from "../engine-comes-back";
import { ensurePackageMirrorRoute, type PackageMirrorRoute } from "../images/package-mirror";
import { runnerDead } from "../lease";
import { type ReapRules, reap } from "../reaper";

const REAP_EVERY_MS = 5 * 60 * 1000;
const ENGINE_START_WAIT_MS = 2 * 60 * 1000;

/**
 * What every host of a runner process stands on: its Docker engine, the database, the package mirror and the
 * reaper. Hosts (./host.ts) take these and add only what is theirs: the grading host its queue, each host the
 * reaper's rules for what it makes.
 */
export interface RunnerCore {
  readonly id: string;
  readonly databaseUrl: string;
  /** The core's pool: heartbeats, sweeps and the reaper; grading writes through it too. */
  readonly db: pg.Pool;
  readonly docker: Docker;
  /** The engine's `docker info` ID: images are kept, and shells served, per engine. */
  readonly engineId: string;
  readonly log: (line: string) => void;
  /**
   * A pool of a host's own, so a session printing as fast as it can never delays another host's writes. Ended when
   * the core closes.
   */
  pool(what: string): pg.Pool;
  /** The route to this engine's package mirror, made on the first ask: builds and labs reach it, shells do not. */
  mirror(): Promise<PackageMirrorRoute>;
  /** A reaper pass now (a dead runner's leftovers), or the one already under way. */
  reapNow(): Promise<void>;
}

export interface OpenedCore extends RunnerCore {
  /** Stops the periodic reaper and waits for a pass under way. */
  stopReaping(): Promise<void>;
  /** Ends every pool. */
  close(): Promise<void>;
}

/**
 * Opens the core: waits for the engine (a runner restarted together with it waits a while) and reaps what a killed
 * predecessor left, then again every five minutes, by the rules of the hosts this runner runs (`reapRules`): from the
 * first pass on, so that a kept image or a live shell is never taken for a leftover.
 */
export async function openRunnerCore(opts: {
  id: string;
  databaseUrl: string;
  poolSize: number;
  /** What the hosts to come know about the resources they label, on the core's pool and engine. */
  reapRules: (db: pg.Pool, engineId: string) => ReapRules;
  log: (line: string) => void;
}): Promise<OpenedCore> {
  const { log } = opts;
  const docker = engineClient();
  if (!(await untilEngineAnswers(docker, { giveUpAfterMs: ENGINE_START_WAIT_MS }))) {
    throw new Error(
      `the Docker engine did not answer within ${ENGINE_START_WAIT_MS / 1000} s: ${await engineProblem(docker)}`,
    );
  }
  const engineId = (await docker.info()).ID as string;
  const pools: pg.Pool[] = [];
  const pool = (what: string, max = 4): pg.Pool => {
    const made = new pg.Pool({ connectionString: opts.databaseUrl, max });
    made.on("error", (err) => log(`idle ${what} database connection lost: ${err.message}`));
    pools.push(made);
    return made;
  };
  const db = pool("runner", opts.poolSize);
  let mirror: Promise<PackageMirrorRoute> | undefined;

  const rules = opts.reapRules(db, engineId);
  let reaping: Promise<void> | undefined;
  const reapNow = () => {
    // One pass at a time: the lease sweep may ask while the periodic pass is still going.
    reaping ??= reap(docker, { ...rules, isRunnerDead: runnerDead(db), log })
      // Sessions' output is kept only a while after they close; each runner's periodic pass does the pruning.
      .then(async (r) => {
        await pruneClosedSessionOutput(db);
        const total = r.containers + r.shells + r.images + r.networks + r.volumes;
        if (total > 0 || r.prunedBytes > 0)
          log(`reaper removed ${total} leftover resource(s), ${Math.round(r.prunedBytes / 1e6)} MB of step images`);
      })
      .catch((err) => log(`reaper failed: ${(err as Error).message}`))
      .finally(() => (reaping = undefined));
    return reaping;
  };
  await reapNow();
  const reaper = setInterval(reapNow, REAP_EVERY_MS);

  return {
    id: opts.id,
    databaseUrl: opts.databaseUrl,
    db,
    docker,
    engineId,
    log,
    pool,
    mirror: () => {
      // Builds reach the package mirror and nothing else; without it pip installs would fail. Labs reach it by relay.
      mirror ??= ensurePackageMirrorRoute(docker).catch((err) => {
        mirror = undefined;
        throw err;
      });
      return mirror;
    },
    reapNow,
    async stopReaping() {
      clearInterval(reaper);
      await reaping;
    },
    async close() {
      for (const p of pools) await p.end();
    },
  };
}
