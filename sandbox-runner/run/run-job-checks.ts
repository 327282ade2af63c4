import { posix } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { extract } from "tar-stream";
import { createBuildContext } from "../docker/build-context";
import { watchContainerDisk } from "../docker/disk-watchdog";
import { ignoreNotFound } from "../docker/docker-error";
import type { CheckOutcome, CheckResult, CheckSpec } from "../grading/lib";
import { formatMiB, skipped, toCheckResult } from "../grading/lib";
import { RUN_LIMITS } from "../limits";
import { createRunContainer, startContainer } from "./create-run-container";
import { type ContainerOutput, followContainerOutput } from "./follow-container-output";
import { type HostLoad, hostLoad } from "./host-busy";
import { jobChecksFor, jobCompletes, jobPrints, jobWrites } from "./job-check-specs";
import {
  type JobEnd,
  jobCompletesOutcome,
  jobOutputOutcome,
  jobWritesOutcome,
  notCompleted,
  type WrittenPath,
} from "./job-outcomes";
import type { RunCheckInput } from "./run-container-checks";
import { exitOf } from "./watch-startup";

/** Time kept back from the job's deadline for listing what it wrote and removing the container. */
const AFTER_EXIT_MS = 5000;
/** Entries listed under the path a job must write; enough to show a few files, bounded for a job that writes many. */
const MAX_LISTED = 200;

/**
 * The run phase of a job exercise: starts the image's default command in the
 * same sandbox as a service (no network, no capabilities, bounded resources),
 * waits for it to exit, and checks its exit code, its output and what it
 * wrote. The container is removed (with its anonymous volumes) at the end.
 */
export async function runJobChecks(input: RunCheckInput): Promise<CheckResult[]> {
  const { docker, params, limits, log } = input;
  const specs = jobChecksFor(params);
  const outcomes = new Map<string, CheckOutcome>();
  const record = (spec: CheckSpec, outcome: CheckOutcome) => {
    outcomes.set(spec.id, outcome);
    log(`run: ${spec.id}: ${outcome.status}\n`);
  };
  const { compose } = input;
  const container = await createRunContainer(docker, {
    image: input.image,
    submissionId: input.submissionId,
    readOnlyRootfs: params.readOnlyRootfs,
    limits,
    shmBytes: compose?.shmBytes,
    volumes: compose?.mounts.map((m) => m.target),
  });
  if (compose) {
    log(`run: as the Compose service ${params.composeService}: ${compose.notes.join("; ")}\n`);
    // Before the start, so the job finds its input at once; the archive API writes into the container's volumes.
    for (const mount of compose.mounts)
      if (mount.files.length) await container.putArchive(createBuildContext(mount.files), { path: mount.target });
  }
  const diskBytes = limits.diskBytes ?? RUN_LIMITS.diskBytes;
  const disk = watchContainerDisk(docker, container.id, diskBytes, (bytes) =>
    log(`run: the job wrote ${formatMiB(bytes)} to its file system, over the run limit of ${formatMiB(diskBytes)}.\n`),
  );
  // What the job printed, as passed on to the log: the output check searches all of it, not only the last lines.
  let printed = "";
  const keep = (text: string) => {
    printed += text;
    log(text);
  };
  let output: ContainerOutput | undefined;
  try {
    const deadlineMs = Math.max(
      1000,
      Math.min(params.deadlineSeconds * 1000, limits.wallSeconds * 1000 - AFTER_EXIT_MS),
    );
    const startError = await startContainer(container);
    if (!startError) output = await followContainerOutput(container, { log: keep, outputBytes: limits.outputBytes });
    const end: JobEnd = startError
      ? { exited: (await exitOf(container)) ?? { exitCode: -1, oomKilled: false, ranMs: 0, startError } }
      : await waitForExit(container, deadlineMs, {
          hostLoad: input.hostLoad ?? hostLoad,
          // A busy machine gets the deadline once more, as far as the phase's time allows.
          graceMs: Math.min(deadlineMs, limits.wallSeconds * 1000 - AFTER_EXIT_MS - deadlineMs),
        });
    if ("hung" in end) await ignoreNotFound(container.kill().catch(() => undefined));
    // The follow stream delivers the last lines of a finished container a moment after it exits.
    if (output) await Promise.race([output.ended, sleep(1000)]);
    const tail = output?.tail(20) ?? [];
    const completes = jobCompletesOutcome(end, {
      expected: params.exitCode,
      tail,
      memoryBytes: limits.memoryBytes,
      deadlineSeconds: Math.round(deadlineMs / 1000),
      disk: disk.exceeded && { wroteBytes: disk.exceeded.bytes, limitBytes: diskBytes },
    });
    record(jobCompletes, completes);
    const completed = completes.status === "pass";
    if (params.outputIncludes !== undefined)
      record(
        jobPrints,
        completed
          ? jobOutputOutcome({ text: printed, truncated: output?.truncated ?? false }, params.outputIncludes)
          : notCompleted(),
      );
    if (params.writes !== undefined)
      record(
        jobWrites,
        completed ? jobWritesOutcome(await listWritten(container, params.writes), params.writes) : notCompleted(),
      );
  } finally {
    disk.stop();
    output?.stop();
    await ignoreNotFound(container.remove({ force: true, v: true }));
  }
  const missing = skipped("Not measured: the run phase stopped before this check.");
  return specs.map((spec) => toCheckResult(spec, outcomes.get(spec.id) ?? missing));
}

/**
 * The container's exit, or that it was still running at the deadline. A deadline that passes while the grading
 * machine is busy is the machine's, not the job's (a starved job runs slow), so the job gets `graceMs` more; one
 * still running after that has hung.
 */
async function waitForExit(
  container: Docker.Container,
  deadlineMs: number,
  busy: { hostLoad: () => Promise<HostLoad>; graceMs: number },
): Promise<JobEnd> {
  const started = Date.now();
  const exitedWithin = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), ms)));
    try {
      await Promise.race([container.wait(), deadline]);
      return await exitOf(container);
    } finally {
      clearTimeout(timer);
    }
  };
  const exited = await exitedWithin(deadlineMs);
  if (exited) return { exited };
  const load = busy.graceMs > 0 ? await busy.hostLoad() : undefined;
  if (!load?.busy) return { hung: { afterMs: Date.now() - started } };
  const grace = { detail: load.detail, extraMs: busy.graceMs };
  const late = await exitedWithin(busy.graceMs);
  return late ? { exited: late, grace } : { hung: { afterMs: Date.now() - started }, grace };
}

/** Lists `path` in the stopped container (volumes included) through the engine's archive API. */
async function listWritten(container: Docker.Container, path: string): Promise<WrittenPath> {
  const stream = (await ignoreNotFound(container.getArchive({ path }))) as
    | (NodeJS.ReadableStream & { destroy?: () => void })
    | undefined;
  if (!stream) return { kind: "missing" };
  const tar = extract();
  stream.pipe(tar as unknown as NodeJS.WritableStream);
  const root = posix.basename(path);
  const files: { path: string; size: number }[] = [];
  let rootIsFile = false;
  try {
    for await (const entry of tar) {
      const { name, type, size } = entry.header;
      const clean = name.replace(/\/+$/, "");
      if (type === "file") {
        if (clean === root) rootIsFile = true;
        files.push({ path: posix.join(posix.dirname(path), clean), size: size ?? 0 });
      }
      entry.resume();
      if (files.length >= MAX_LISTED) break;
    }
  } finally {
    stream.destroy?.();
  }
  if (rootIsFile) return { kind: "file", path, size: files[0]?.size ?? 0 };
  return { kind: "dir", files };
}
