import type Docker from "dockerode";
import type { ContainerProber, HttpResponse } from "./container-prober";
import type { HostLoad } from "./host-busy";

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
  /**
   * The deadline passed with no 200 while the grading machine was busy, so the watch went on for `untilMs` more:
   * what was measured, for the checks' messages.
   */
  busyGrace?: { detail: string; untilMs: number };
}

/**
 * Watches a just-started container: polls its health path every 500 ms from
 * inside, and its state after every answer, until the health path answers
 * 200, the container exits, or the health deadline passes (but at least 2 s,
 * so a container that dies right after start is always seen dying). The
 * requests come from one process (prober.poll), so the watch costs the
 * starting app next to nothing.
 *
 * A deadline that passes while the grading machine is busy (`hostLoad`) is the machine's, not the app's: a starved
 * app starts late. The watch then goes on until `graceUntilMs`, and an answer in that time counts; an app that does
 * not answer by then fails as before.
 */
export async function watchStartup(opts: {
  container: Docker.Container;
  prober: ContainerProber;
  path: string;
  startedAt: number;
  deadlineMs: number;
  hostLoad: () => Promise<HostLoad>;
  /** The latest absolute time a busy machine's extra wait may reach. */
  graceUntilMs: number;
}): Promise<StartupReport> {
  const { container, prober, startedAt } = opts;
  let attempts = 0;
  let last: HttpResponse | undefined;
  let busyGrace: StartupReport["busyGrace"];
  const exited = await exitOf(container);
  if (exited) return { exited, attempts, last, watchedMs: Date.now() - startedAt };
  // One window up to the deadline, and a second one while the machine is busy.
  const windows = async function* () {
    yield { untilMs: startedAt + Math.max(opts.deadlineMs, MIN_RUN_MS), answeredByMs: opts.deadlineMs };
    if (opts.graceUntilMs <= Date.now()) return;
    const load = await opts.hostLoad();
    if (!load.busy) return;
    busyGrace = { detail: load.detail, untilMs: opts.graceUntilMs - startedAt };
    yield { untilMs: opts.graceUntilMs, answeredByMs: opts.graceUntilMs - startedAt };
  };
  for await (const window of windows()) {
    const answers = prober.poll(
      { method: "GET", path: opts.path, timeoutMs: REQUEST_TIMEOUT_MS },
      { everyMs: POLL_MS, untilMs: window.untilMs },
    );
    for await (const answer of answers) {
      if (!answer.notRunning) attempts++;
      const elapsed = Date.now() - startedAt;
      if (answer.status === 200 && elapsed <= window.answeredByMs + REQUEST_TIMEOUT_MS) {
        return { healthyAfterMs: elapsed, attempts, last, watchedMs: elapsed, busyGrace };
      }
      // "Not running" is no answer from the app: the state check reports the exit.
      if (!answer.notRunning) last = answer;
      if (Date.now() >= window.untilMs) break;
      const exited = await exitOf(container);
      if (exited) return { exited, attempts, last, watchedMs: Date.now() - startedAt, busyGrace };
    }
    const exitedLate = await exitOf(container);
    if (exitedLate) return { exited: exitedLate, attempts, last, watchedMs: Date.now() - startedAt, busyGrace };
  }
  return { attempts, last, watchedMs: Date.now() - startedAt, busyGrace };
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
