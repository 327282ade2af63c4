import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { BuildNetworkFault } from "./docker/build-network";
import { isEngineLost, isEngineUnreachable } from "./docker/docker-error";

/** A ping that takes longer than this counts as "no answer": a hung daemon is as useless as a missing one. */
const PING_TIMEOUT_MS = 3_000;

/**
 * Why the engine does not answer right now, or undefined when it does. For the heartbeat (so `/api/health` can say
 * the engine is down) and for a job waiting for the engine to come back.
 */
export async function engineProblem(docker: Docker): Promise<string | undefined> {
  try {
    // dockerode's ping takes an abort signal; its type definitions leave the argument out.
    const ping = docker.ping.bind(docker) as (opts: { abortSignal: AbortSignal }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
    return undefined;
  } catch (err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (err instanceof Error && err.name === "AbortError") return `no answer within ${PING_TIMEOUT_MS / 1000} s`;
    return typeof code === "string" ? `${code}: ${String(message)}` : String(message ?? err);
  }
}

/**
 * The engine went away under a job (killed, restarted, not started yet), as opposed to a fault of the job: the
 * same submission may well grade once the engine is back. An error the engine's client does not name as such still
 * counts when the engine does not answer a ping right after it (a connection reset mid-call).
 */
export async function isEngineFault(docker: Docker, err: unknown): Promise<boolean> {
  if (isEngineLost(err) || isEngineUnreachable(err)) return true;
  return (await engineProblem(docker)) !== undefined;
}

/**
 * Waits until the engine answers again (a supervisor or the operator restarts it). True when it does, false after
 * `giveUpAfterMs`. The default stays well inside a grading job's lease (JOB_EXPIRE_SECONDS, 15 min).
 */
export async function untilEngineAnswers(
  docker: Docker,
  { giveUpAfterMs = 5 * 60_000, pollMs = 1_000 }: { giveUpAfterMs?: number; pollMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + giveUpAfterMs;
  for (;;) {
    if ((await engineProblem(docker)) === undefined) return true;
    if (Date.now() >= deadline) return false;
    await sleep(pollMs);
  }
}

/** Engine losses one job lives through before it gives up (an engine that keeps dying is the operator's to fix). */
const ENGINE_LOSSES_SURVIVED = 3;
/** Times one job waits for the package mirror and grades again before it ends as a platform error. */
const MIRROR_LOSSES_SURVIVED = 3;

export interface PlatformRestartHooks {
  engineGone: () => void;
  /** A build step could not reach the package mirror (BuildNetworkFault). */
  mirrorGone: (err: BuildNetworkFault) => void;
  /**
   * Waits until builds reach the mirror again; false when it gives up. The runner asks its build network, which
   * starts the mirror where it stopped and looks from a build step's place (package-mirror.ts).
   */
  untilMirrorAnswers: () => Promise<boolean>;
  startOver: () => Promise<void>;
}

/**
 * Runs one grading attempt, and runs it again each time the platform failed under it, once the failed part answers
 * again: the engine went away (killed, restarted), or a build step could not reach the package mirror. The learner's
 * submission ends graded, not failed for the platform's fault, nor as a platform error while the part comes back.
 * The attempt's leftovers are for `startOver` to remove. When the part stays away (or keeps going away), the last
 * error is thrown and the job ends as a platform error that does not count.
 */
export async function throughPlatformRestarts<T>(
  docker: Docker,
  attempt: () => Promise<T>,
  hooks: PlatformRestartHooks,
  opts: { giveUpAfterMs?: number } = {},
): Promise<T> {
  let engineLosses = 0;
  let mirrorLosses = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (err instanceof BuildNetworkFault) {
        if (++mirrorLosses > MIRROR_LOSSES_SURVIVED) throw err;
        console.warn(`[runner] ${err.message} Waiting for the mirror.`);
        hooks.mirrorGone(err);
        if (!(await hooks.untilMirrorAnswers())) throw err;
      } else {
        if (++engineLosses > ENGINE_LOSSES_SURVIVED || !(await isEngineFault(docker, err))) throw err;
        console.warn(`[runner] the Docker engine went away (${(err as Error).message}); waiting for it`);
        hooks.engineGone();
        if (!(await untilEngineAnswers(docker, opts))) throw err;
      }
      await hooks.startOver();
    }
  }
}
