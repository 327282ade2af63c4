import type Docker from "dockerode";
import type { Readable } from "node:stream";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../limits";
import { watchBuildDisk } from "./disk-watchdog";
import { createPidsCgroup } from "./pids-cgroup";

export interface BuildOptions {
  submissionId: string;
  tag: string;
  context: Readable;
  memoryBytes: number;
  cpus: number;
  wallSeconds: number;
  /** Processes alive at once across the build's containers. */
  pids: number;
  /** Bytes one step may write to its container's writable layer. */
  diskBytes: number;
  /** "none", or the internal build network that reaches only the package mirror. */
  networkMode: string;
  onOutput: (text: string) => void;
}

export type BuildOutcome =
  | { kind: "built"; imageId: string }
  | { kind: "failed"; message: string; step?: number; timedOut: boolean; limit?: "time" | "pids" | "disk" };

interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
  status?: string;
}

/**
 * Runs one classic-builder build with bounded memory, CPU, processes, disk per
 * step and wall-clock time, on no network or the internal build network.
 * Resolves with the image id or with the reason it failed; rejects only when
 * the engine itself could not be used.
 */
export async function buildImage(docker: Docker, opts: BuildOptions): Promise<BuildOutcome> {
  const cgroup = await createPidsCgroup(`${opts.submissionId}-${opts.tag}`, opts.pids);
  const disk = watchBuildDisk(docker, cgroup.parent, opts.diskBytes);
  try {
    const outcome = await runBuild(docker, opts, cgroup.parent);
    if (outcome.kind === "built") return outcome;
    if (disk.exceeded) {
      return {
        ...outcome,
        limit: "disk",
        message: `A build step wrote more than ${formatMiB(opts.diskBytes)} to the image and was stopped: that is the limit for one step here.`,
      };
    }
    if (await reachedPidsLimit(cgroup.parent, opts.pids)) {
      return {
        ...outcome,
        limit: "pids",
        message: `A build step started more than ${opts.pids} processes at once and could not start more (the limit for a build here): ${outcome.message}`,
      };
    }
    return outcome;
  } finally {
    disk.stop();
    await cgroup.remove().catch(() => {});
  }
}

async function runBuild(docker: Docker, opts: BuildOptions, cgroupParent: string): Promise<BuildOutcome> {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, opts.wallSeconds * 1000);

  let step: number | undefined;
  let imageId: string | undefined;
  let error: string | undefined;
  try {
    const stream = (await docker.buildImage(opts.context, {
      t: opts.tag,
      version: "1",
      networkmode: opts.networkMode,
      cgroupparent: cgroupParent,
      memory: opts.memoryBytes,
      memswap: opts.memoryBytes,
      cpuperiod: 100_000,
      cpuquota: Math.round(opts.cpus * 100_000),
      rm: true,
      forcerm: true,
      pull: false,
      labels: { [LABEL_SUBMISSION]: opts.submissionId, [LABEL_MANAGED]: "true" },
      abortSignal: abort.signal,
    } as Docker.ImageBuildOptions & { abortSignal: AbortSignal })) as NodeJS.ReadableStream;

    await readJsonLines(stream, (msg) => {
      if (msg.stream) {
        const match = /^Step (\d+)\/\d+ :/m.exec(msg.stream);
        if (match) step = Number(match[1]);
        opts.onOutput(msg.stream);
      } else if (msg.status) {
        opts.onOutput(`${msg.status}\n`);
      }
      if (msg.aux?.ID) imageId = msg.aux.ID;
      if (msg.error) {
        error = msg.errorDetail?.message ?? msg.error;
        opts.onOutput(`${error}\n`);
      }
    });
  } catch (err) {
    if (!timedOut) throw err;
  } finally {
    clearTimeout(timer);
  }

  if (timedOut) {
    return { kind: "failed", message: `The build was stopped after ${opts.wallSeconds} s, the time limit for a build.`, step, timedOut, limit: "time" };
  }
  if (error || !imageId) {
    return { kind: "failed", message: error ?? "The build ended without producing an image.", step, timedOut };
  }
  return { kind: "built", imageId };
}

function readJsonLines(stream: NodeJS.ReadableStream, onMessage: (msg: BuildMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = "";
    stream.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) onMessage(parse(line));
      }
    });
    stream.on("end", () => {
      if (pending.trim()) onMessage(parse(pending.trim()));
      resolve();
    });
    stream.on("error", reject);
  });
}

function parse(line: string): BuildMessage {
  try {
    return JSON.parse(line) as BuildMessage;
  } catch {
    return { stream: `${line}\n` };
  }
}

/** pids.peak (kernel 5.19+) records the highest count; reaching the cap means forks were refused. */
async function reachedPidsLimit(cgroupParent: string, max: number): Promise<boolean> {
  for (const root of ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"]) {
    try {
      const peak = Number((await readFile(path.join(root, cgroupParent, "pids.peak"), "utf8")).trim());
      return peak >= max;
    } catch {
      /* try the next layout */
    }
  }
  return false;
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
