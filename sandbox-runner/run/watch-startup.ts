import type Docker from "dockerode";
import type { ContainerProber, HttpResponse } from "./container-prober";

/** A container alive this long after start counts as started, health or not. */
export const MIN_RUN_MS = 2000;
const POLL_MS = 500;
const REQUEST_TIMEOUT_MS = 2000;

export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
  /** How long it ran, from the engine's own timestamps. */
  ranMs: number;
  /** The engine could not start the command at all (e.g. it does not exist). */
  startError?: string;
}

export interface StartupReport {
  exited?: ContainerExit;
  /** Milliseconds from start to the first 200 of the health path. */
  healthyAfterMs?: number;
  attempts: number;
  /** The last answer that was not a 200. */
  last?: HttpResponse;
  watchedMs: number;
}

/**
 * Watches a just-started container: polls its health path every 500 ms from
 * inside, and its state after every answer, until the health path answers
 * 200, the container exits, or the health deadline passes (but at least 2 s,
 * so a container that dies right after start is always seen dying). The
 * requests come from one process (prober.poll), so the watch costs the
 * starting app next to nothing.
 */
export async function watchStartup(opts: {
  container: Docker.Container;
  prober: ContainerProber;
  path: string;
  startedAt: number;
  deadlineMs: number;
}): Promise<StartupReport> {
  const { container, prober, startedAt } = opts;
  const watchUntil = startedAt + Math.max(opts.deadlineMs, MIN_RUN_MS);
  let attempts = 0;
  let last: HttpResponse | undefined;
  const exited = await exitOf(container);
  if (exited) return { exited, attempts, last, watchedMs: Date.now() - startedAt };
  const answers = prober.poll(
    { method: "GET", path: opts.path, timeoutMs: REQUEST_TIMEOUT_MS },
    { everyMs: POLL_MS, untilMs: watchUntil },
  );
  for await (const answer of answers) {
    if (!answer.notRunning) attempts++;
    const elapsed = Date.now() - startedAt;
    if (answer.status === 200 && elapsed <= opts.deadlineMs + REQUEST_TIMEOUT_MS) {
      return { healthyAfterMs: elapsed, attempts, last, watchedMs: elapsed };
    }
    // "Not running" is no answer from the app: the state check reports the exit.
    if (!answer.notRunning) last = answer;
    if (Date.now() >= watchUntil) break;
    const exited = await exitOf(container);
    if (exited) return { exited, attempts, last, watchedMs: Date.now() - startedAt };
  }
  const exitedLate = await exitOf(container);
  return { exited: exitedLate, attempts, last, watchedMs: Date.now() - startedAt };
}

/** The container's exit, if it is no longer running. */
export async function exitOf(container: Docker.Container): Promise<ContainerExit | undefined> {
  const { State } = await container.inspect();
  if (State.Running) return undefined;
  const ranMs = Math.max(0, Date.parse(State.FinishedAt) - Date.parse(State.StartedAt));
  return {
    exitCode: State.ExitCode,
    oomKilled: State.OOMKilled,
    ranMs: Number.isFinite(ranMs) ? ranMs : 0,
    startError: State.Error || undefined,
  };
}
