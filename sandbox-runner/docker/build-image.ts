import type Docker from "dockerode";
import type { Readable } from "node:stream";
import { LABEL_MANAGED, LABEL_SUBMISSION } from "../limits";

export interface BuildOptions {
  submissionId: string;
  tag: string;
  context: Readable;
  memoryBytes: number;
  cpus: number;
  wallSeconds: number;
  onOutput: (text: string) => void;
}

export type BuildOutcome =
  | { kind: "built"; imageId: string }
  | { kind: "failed"; message: string; step?: number; timedOut: boolean };

interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
  status?: string;
}

/**
 * Runs one classic-builder build with no network, bounded memory/CPU and a
 * wall-clock limit. Resolves with the image id or with Docker's own error;
 * rejects only when the engine itself could not be used.
 */
export async function buildImage(docker: Docker, opts: BuildOptions): Promise<BuildOutcome> {
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
      networkmode: "none",
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
    return { kind: "failed", message: `The build was stopped after ${opts.wallSeconds} s, the time limit for a build.`, step, timedOut };
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
