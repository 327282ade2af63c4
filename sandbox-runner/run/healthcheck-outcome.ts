import type Docker from "dockerode";
import { execCapture } from "../docker/exec-capture";
import { type CheckOutcome, fail, pass, skipped, warn } from "../grading/lib";
import { hostLoad } from "./host-busy";
import { seconds } from "./startup-outcomes";

export interface HealthcheckConfig {
  command: string;
  /** The command as the engine runs it: ["CMD-SHELL", text] or ["CMD", ...argv]. */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  retries: number;
}

const NS_PER_MS = 1_000_000;
/**
 * How often the health status is read. An inspect is cheap for the engine (a few ms, no exec), and the phase ends
 * only once the status is seen, so a 500 ms poll kept the verdict waiting 250 ms on average for nothing.
 */
const STATUS_POLL_MS = 100;

/** The image's HEALTHCHECK with Docker's defaults filled in; undefined when there is none. */
export function readHealthcheck(
  config:
    | { Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } }
    | undefined,
): HealthcheckConfig | undefined {
  const hc = config?.Healthcheck;
  const test = hc?.Test ?? [];
  if (test.length === 0 || test[0] === "NONE") return undefined;
  return {
    test,
    // Written back the way the Dockerfile spells it, so a suggested fix can be pasted as is.
    command:
      test[0] === "CMD-SHELL"
        ? test.slice(1).join(" ")
        : JSON.stringify(test.slice(test[0] === "CMD" ? 1 : 0)).replace(/","/g, '", "'),
    intervalMs: hc?.Interval ? hc.Interval / NS_PER_MS : 30_000,
    timeoutMs: hc?.Timeout ? hc.Timeout / NS_PER_MS : 30_000,
    startPeriodMs: hc?.StartPeriod ? hc.StartPeriod / NS_PER_MS : 0,
    retries: hc?.Retries || 3,
  };
}

/**
 * Watches Docker's own health status of the running container until it is
 * healthy or unhealthy, or until `untilMs` (absolute time); the verdict says
 * what the HEALTHCHECK command printed when it failed.
 *
 * Judged on the learner's own terms: a container that turns healthy passes, and a streak of failures that are all
 * Docker's "exceeded timeout" while the service answered the grader (`serviceAnswered`) is what a busy grading
 * machine causes, so it is no verdict yet: the watch goes on, and at its end the grader runs the command itself with
 * the learner's timeout (timedOutOnly). Only a command that fails on its own, or times out on a grader that is not
 * busy, fails the check.
 */
export async function healthcheckOutcome(opts: {
  container: Docker.Container;
  healthcheck: HealthcheckConfig | undefined;
  startedAt: number;
  deadlineSeconds: number;
  untilMs: number;
  /** The service's health path answered the grader: the app itself is up. */
  serviceAnswered?: () => boolean;
}): Promise<CheckOutcome> {
  const hc = opts.healthcheck;
  if (!hc)
    return skipped(
      "The image has no HEALTHCHECK, so Docker has no health status to watch " +
        "(its presence is graded by the image checks).",
    );
  const deadlineMs = opts.deadlineSeconds * 1000;
  if (hc.intervalMs > deadlineMs) {
    return warn({
      message:
        `The HEALTHCHECK runs its first test only after its interval of ${seconds(hc.intervalMs)}, ` +
        `longer than the ${opts.deadlineSeconds} s the grader waits for health, ` +
        `so it could not be graded. Until that first test passes, Docker and ` +
        `orchestrators consider the container not yet healthy.`,
      evidence: `HEALTHCHECK --interval=${flag(hc.intervalMs)} CMD ${hc.command}`,
      fix: `Use a shorter interval, e.g. \`HEALTHCHECK --interval=10s --timeout=3s CMD ${hc.command}\`.`,
    });
  }
  for (;;) {
    const { State } = await opts.container.inspect();
    const health = State.Health;
    const elapsed = Date.now() - opts.startedAt;
    if (!State.Running)
      return skipped(`The container exited (code ${State.ExitCode}) before its HEALTHCHECK reported a result.`);
    if (health?.Status === "healthy") {
      return pass(
        `Docker's HEALTHCHECK reported healthy ${seconds(elapsed)} after start.`,
        `HEALTHCHECK --interval=${flag(hc.intervalMs)} CMD ${hc.command}`,
      );
    }
    const lastRun = health?.Log?.at(-1);
    const timedOut = timedOutOnly(health) && (opts.serviceAnswered?.() ?? false);
    if (timedOut && Date.now() < opts.untilMs) {
      // Docker keeps running the command after "unhealthy": one run within its timeout turns it healthy again.
      await nextPoll(opts.untilMs);
      continue;
    }
    if (timedOut) return judgeTimeouts(opts.container, hc, elapsed, health?.FailingStreak ?? 1);
    if (health?.Status === "unhealthy" || (Date.now() >= opts.untilMs && lastRun)) {
      const output = lastRun?.Output?.trim() || "(no output)";
      const verdict = health?.Status === "unhealthy" ? "marked the container unhealthy" : "had not passed";
      return fail({
        message:
          `Docker's HEALTHCHECK ${verdict} ` +
          `after ${seconds(elapsed)}: its command \`${hc.command}\` failed ${health?.FailingStreak ?? 1} ` +
          `time(s) in a row, last with exit code ${lastRun?.ExitCode}: ${lastLine(output)}`,
        evidence: `last HEALTHCHECK output (exit ${lastRun?.ExitCode}):\n${output.slice(0, 1000)}`,
        fix:
          "Run the HEALTHCHECK command yourself in the running container (`docker " +
          "exec <container> sh -c '...'`): it must exit 0 when the app is healthy. " +
          "Use a program the image has (python, not curl, in a slim image) and the " +
          "port the app listens on.",
      });
    }
    if (Date.now() >= opts.untilMs) {
      return warn({
        message:
          `Docker's HEALTHCHECK had not run yet ${seconds(elapsed)} after start (interval ${seconds(hc.intervalMs)}, ` +
          `start period ${seconds(hc.startPeriodMs)}), so there was no result to grade.`,
        fix:
          `Use a shorter interval so Docker learns early that the container is ` +
          `healthy, e.g. \`HEALTHCHECK --interval=10s CMD ${hc.command}\`.`,
      });
    }
    await nextPoll(opts.untilMs);
  }
}

/** Waits one status poll, or less when the watch ends sooner. */
function nextPoll(untilMs: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(STATUS_POLL_MS, Math.max(0, untilMs - Date.now()))));
}

interface HealthState {
  Status?: string;
  FailingStreak?: number;
  Log?: { ExitCode?: number; Output?: string }[];
}

/** Docker's words when a HEALTHCHECK run outlived its --timeout (it records exit code -1). */
const TIMEOUT_OUTPUT = /exceeded timeout/i;

/** The current streak of failures (at least one) is nothing but runs that outlived the learner's timeout. */
export function timedOutOnly(health: HealthState | undefined): boolean {
  const streak = health?.FailingStreak ?? 0;
  if (streak === 0 || health?.Status === "healthy") return false;
  const failing = (health?.Log ?? []).slice(-streak);
  return failing.length > 0 && failing.every((run) => run.ExitCode === -1 && TIMEOUT_OUTPUT.test(run.Output ?? ""));
}

/** How often the grader runs a timed-out command itself before it decides. */
const OWN_RUNS = 3;

/**
 * Docker's runs of the HEALTHCHECK only timed out, while the service answered. The grader runs the command itself,
 * as Docker does (in the container, as its user) with the learner's timeout: one run that passes in time passes the
 * check. Timing out every time fails it only on a grader that is not busy; on a busy one it is not judged.
 */
async function judgeTimeouts(
  container: Docker.Container,
  hc: HealthcheckConfig,
  elapsed: number,
  streak: number,
): Promise<CheckOutcome> {
  const argv = hc.test[0] === "CMD-SHELL" ? ["/bin/sh", "-c", hc.test.slice(1).join(" ")] : hc.test.slice(1);
  const docker =
    `Docker's HEALTHCHECK ran \`${hc.command}\` ${streak} time(s) in a row past its ` +
    `${seconds(hc.timeoutMs)} timeout`;
  let last = "";
  for (let run = 1; run <= OWN_RUNS; run++) {
    const started = Date.now();
    const result = await execCapture(container, argv, hc.timeoutMs);
    const took = Date.now() - started;
    if (result.notRunning) return skipped(`The container stopped before its HEALTHCHECK could be judged (${docker}).`);
    if (!result.timedOut && result.exitCode === 0) {
      return pass(
        `${docker} while the service answered the grader, as happens on a busy grading machine; run by the ` +
          `grader it exited 0 in ${seconds(took)}, within its timeout.`,
        `HEALTHCHECK --timeout=${flag(hc.timeoutMs)} CMD ${hc.command}`,
      );
    }
    last = result.timedOut
      ? `timed out after ${seconds(hc.timeoutMs)}`
      : `exited ${result.exitCode}: ${lastLine(`${result.stdout}${result.stderr}`.trim() || "(no output)")}`;
    if (!result.timedOut) break;
  }
  const load = await hostLoad();
  if (last.startsWith("timed out") && load.busy) {
    return skipped(
      `Not judged: ${docker}, and when the grader ran it, it ${last} too, while ${load.detail}. The service ` +
        "itself answered, so this is the grading machine's fault, not yours, and it does not count.",
    );
  }
  return fail({
    message: `${docker}; run by the grader it ${last} (${load.detail}), so it cannot report healthy in time.`,
    evidence: `HEALTHCHECK --timeout=${flag(hc.timeoutMs)} CMD ${hc.command}; ${seconds(elapsed)} after start`,
    fix:
      "Make the check quick: ask the health endpoint with a short timeout of its own (python's urlopen(url, " +
      "timeout=2)), not a slow program, and give HEALTHCHECK a --timeout a little longer than that.",
  });
}

/** A duration as HEALTHCHECK options spell it: "30s", "1.5s". */
function flag(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The last line says what went wrong (a traceback's exception, curl's error). */
function lastLine(text: string): string {
  const line =
    text
      .split("\n")
      .filter((l) => l.trim())
      .at(-1) ?? text;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
