import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { watchContainerDisk } from "../docker/disk-watchdog";
import { ignoreNotFound } from "../docker/docker-error";
import type { CheckResult, ComposeRunOptions, ExerciseChecks } from "../grading/lib";
import { type CheckOutcome, type CheckSpec, formatMiB, PlatformFault, skipped, toCheckResult } from "../grading/lib";
import { RUN_LIMITS, type RunLimits } from "../limits";
import { createContainerProber } from "./container-prober";
import { createRunContainer, startContainer } from "./create-run-container";
import { endpointProbeOutcome } from "./endpoint-probe-outcome";
import { type ContainerOutput, followContainerOutput } from "./follow-container-output";
import { gracefulStopOutcome } from "./graceful-stop-outcome";
import { healthcheckOutcome, readHealthcheck } from "./healthcheck-outcome";
import { type HostLoad, hostLoad } from "./host-busy";
import {
  containerStarts,
  endpointProbeSpec,
  gracefulStop,
  healthcheckTurnsHealthy,
  healthEndpoint,
  RUN_CHECKS,
  readOnlyRootfsOk,
  runChecksFor,
  runsAsNonRoot,
} from "./run-check-specs";
import { runJobChecks } from "./run-job-checks";
import { runsAsNonRootOutcome } from "./runs-as-non-root-outcome";
import { containerStartsOutcome, EXITED_REASON, healthOutcome, readOnlyOutcome } from "./startup-outcomes";
import { exitOf, type StartupReport, watchStartup } from "./watch-startup";

export { RUN_CHECKS, runChecksFor };

type RunParams = NonNullable<ExerciseChecks["run"]>;

export interface RunCheckInput {
  docker: Docker;
  image: string;
  submissionId: string;
  params: RunParams;
  limits: RunLimits;
  log: (text: string) => void;
  /** A job run as a Compose service: its shared memory and mounts (run.composeService). */
  compose?: ComposeRunOptions;
  /** Whether the grading machine is busy, for a deadline that passes (tests pass a fixed answer). */
  hostLoad?: () => Promise<HostLoad>;
}

/** Time kept back from the health wait for the probes and the checks after them. */
const AFTER_HEALTH_MS = 5000;

/**
 * The run phase: starts the image in the sandbox (no network, no
 * capabilities, bounded resources), probes it from inside, and stops it.
 * Bounded by limits.wallSeconds as a whole; the container (and any probe
 * sidecar) is removed at the end whatever happened.
 */
export async function runContainerChecks(input: RunCheckInput): Promise<CheckResult[]> {
  if (input.params.kind === "job") return runJobChecks(input);
  const { docker, params, limits } = input;
  const port = params.port;
  if (port === undefined) throw new PlatformFault("content", "A service's run section has no port.");
  // Work abandoned at the time limit may still finish a step; the log has moved on by then.
  let over = false;
  const log = (text: string) => {
    if (!over) input.log(text);
  };
  const phaseStart = Date.now();
  const wallMs = limits.wallSeconds * 1000;
  const specs = runChecksFor(params);
  const outcomes = new Map<string, CheckOutcome>();
  // The image's config is needed only after start-up: reading it need not delay the container's creation.
  const [inspected, created] = await Promise.allSettled([
    docker.getImage(input.image).inspect(),
    createRunContainer(docker, {
      image: input.image,
      submissionId: input.submissionId,
      readOnlyRootfs: params.readOnlyRootfs,
      limits,
    }),
  ]);
  if (inspected.status === "rejected") {
    if (created.status === "fulfilled") await ignoreNotFound(created.value.remove({ force: true, v: true }));
    throw inspected.reason;
  }
  if (created.status === "rejected") throw created.reason;
  const image = inspected.value;
  const container = created.value;
  const prober = createContainerProber(docker, container, input.submissionId, port, log);
  const diskBytes = limits.diskBytes ?? RUN_LIMITS.diskBytes;
  const disk = watchContainerDisk(docker, container.id, diskBytes, (bytes) =>
    log(
      `run: the container wrote ${formatMiB(bytes)} to its file system, over ` +
        `the run limit of ${formatMiB(diskBytes)}, and was stopped. Write large ` +
        `data to a volume or /tmp only as much as needed.\n`,
    ),
  );
  let output: ContainerOutput | undefined;
  const record = (spec: CheckSpec, outcome: CheckOutcome) => {
    outcomes.set(spec.id, outcome);
    log(`run: ${outcome.status}: ${spec.title}\n`);
  };

  const work = async () => {
    const startError = await startContainer(container);
    if (!startError) output = await followContainerOutput(container, { log, outputBytes: limits.outputBytes });
    const startedAt = Date.now();
    // The stop check needs its whole timeout at the end, so the health wait gives way to it.
    const stopReserveMs = params.stopSeconds * 1000 + 3000;
    const latestEnd = phaseStart + wallMs - stopReserveMs;
    const deadlineMs = Math.max(
      1000,
      Math.min(params.health.deadlineSeconds * 1000, latestEnd - AFTER_HEALTH_MS - startedAt),
    );
    const report: StartupReport = startError
      ? {
          exited: (await exitOf(container)) ?? { exitCode: -1, oomKilled: false, ranMs: 0, startError },
          attempts: 0,
          watchedMs: 0,
        }
      : await watchStartup({
          container,
          prober,
          path: params.health.path,
          startedAt,
          deadlineMs,
          hostLoad: input.hostLoad ?? hostLoad,
          // A busy machine gets the deadline once more, as far as the probes and the stop check leave time for.
          graceUntilMs: Math.min(startedAt + 2 * deadlineMs, latestEnd - AFTER_HEALTH_MS),
        });
    // The follow stream delivers the last lines of a dead container a moment after it exits.
    if (report.exited && output) await Promise.race([output.ended, sleep(1000)]);

    const killedForDisk = disk.exceeded && { wroteBytes: disk.exceeded.bytes, limitBytes: diskBytes };
    record(
      containerStarts,
      containerStartsOutcome(report, output?.tail(20) ?? [], limits.memoryBytes, killedForDisk || undefined),
    );
    record(healthEndpoint, healthOutcome(report, { path: params.health.path, port, deadlineMs }));
    if (params.readOnlyRootfs) record(readOnlyRootfsOk, readOnlyOutcome(report, output?.readOnlyErrors() ?? []));
    if (report.exited) {
      for (const spec of specs) if (!outcomes.has(spec.id)) record(spec, skipped(EXITED_REASON));
      return;
    }
    const healthcheck = readHealthcheck(image.Config as Parameters<typeof readHealthcheck>[0]);
    // The health watch's extra time on a busy machine is the HEALTHCHECK's too.
    const healthDeadlineMs = report.busyGrace ? report.busyGrace.untilMs : params.health.deadlineSeconds * 1000;
    const healthcheckEnd = startedAt + healthDeadlineMs + Math.min(healthcheck?.timeoutMs ?? 0, 5000) + 1000;
    // Docker runs the HEALTHCHECK on its own schedule whatever the grader asks meanwhile, so its result is watched
    // while the probes and the uid read run, not after them; it is recorded after them, as before.
    const asked = (async () => {
      for (const probe of params.probes)
        record(endpointProbeSpec(probe), await endpointProbeOutcome(prober, probe, port));
      record(runsAsNonRoot, await runsAsNonRootOutcome(prober, image.Config?.User ?? ""));
      // The stop below meets the container as before: with no probe process of the grader's left in it.
      prober.endSession();
    })();
    const healthy = healthcheckOutcome({
      container,
      healthcheck,
      startedAt,
      deadlineSeconds: params.health.deadlineSeconds,
      untilMs: Math.min(healthcheckEnd, latestEnd),
      serviceAnswered: () => report.healthyAfterMs !== undefined,
    });
    // Both settle before going on: a rejection must not leave the other running into the stop.
    const [answers, watched] = await Promise.allSettled([asked, healthy]);
    if (answers.status === "rejected") throw answers.reason;
    if (watched.status === "rejected") throw watched.reason;
    record(healthcheckTurnsHealthy, watched.value);
    const command = { entrypoint: asArgv(image.Config?.Entrypoint), cmd: asArgv(image.Config?.Cmd) };
    record(gracefulStop, await gracefulStopOutcome(container, params.stopSeconds, command));
  };

  let timer: NodeJS.Timeout | undefined;
  const timeLeft = Math.max(0, wallMs - (Date.now() - phaseStart));
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeLeft)));
  const running = work();
  let settled = outcomes;
  try {
    const how = await Promise.race([running.then(() => "done" as const), timeout]);
    // What was measured by now is the result; nothing finishing later counts.
    settled = new Map(outcomes);
    if (how === "timeout") {
      // Removing the container below makes the abandoned work fail; its error means nothing now.
      running.catch(() => {});
      log(`run: stopped at the run phase's limit of ${limits.wallSeconds} s\n`);
    }
  } finally {
    over = true;
    disk.stop();
    clearTimeout(timer);
    output?.stop();
    try {
      await ignoreNotFound(container.remove({ force: true, v: true }));
    } finally {
      await prober.close();
    }
  }
  const late = skipped(
    `Not measured: the run phase reached its limit of ${limits.wallSeconds} s before this check finished.`,
  );
  return specs.map((spec) => toCheckResult(spec, settled.get(spec.id) ?? late));
}

function asArgv(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" && value ? [value] : [];
}
