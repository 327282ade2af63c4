import { Writable } from "node:stream";
import type Docker from "dockerode";
import { ignoreNotFound, isConflict } from "./docker-error";

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The engine refused the exec (the container is not running); nothing ran. */
  notRunning?: boolean;
  timedOut?: boolean;
}

/** Output kept per stream: probes print one short JSON line. */
const MAX_CAPTURE = 64 * 1024;

/**
 * `docker exec` of one command, collecting its output. The command runs as the
 * container's own user. Bounded by `timeoutMs`: past it the stream is dropped
 * and the result says so (the command itself must carry its own timeout).
 */
export async function execCapture(container: Docker.Container, cmd: string[], timeoutMs: number): Promise<ExecResult> {
  let exec: Docker.Exec;
  try {
    exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  } catch (err) {
    if (isNotRunning(err)) return { exitCode: null, stdout: "", stderr: "", notRunning: true };
    throw err;
  }
  const stdout = collector();
  const stderr = collector();
  let stream: NodeJS.ReadableStream & { destroy?: () => void };
  try {
    stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream;
  } catch (err) {
    if (isNotRunning(err)) return { exitCode: null, stdout: "", stderr: "", notRunning: true };
    throw err;
  }
  container.modem.demuxStream(stream, stdout.sink, stderr.sink);
  const finished = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.on("end", done);
    stream.on("close", done);
    stream.on("error", done);
  });
  if (!finished) {
    stream.destroy?.();
    return { exitCode: null, stdout: stdout.text(), stderr: stderr.text(), timedOut: true };
  }
  return { exitCode: await exitCodeOf(exec), stdout: stdout.text(), stderr: stderr.text() };
}

/** The stream can end a moment before the engine records the exit code. */
export async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    // 404: the container went (removed at a phase's time limit), and its execs with it.
    const info = await ignoreNotFound(exec.inspect());
    if (!info) return null;
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** The exec's program does not exist in the image (runc reports it before anything runs). */
export function commandNotFound(result: ExecResult): boolean {
  const output = `${result.stdout}\n${result.stderr}`;
  return (
    (result.exitCode === 126 || result.exitCode === 127) &&
    /executable file not found|no such file or directory|not found/i.test(output)
  );
}

export function isNotRunning(err: unknown): boolean {
  const message = (err as { message?: string } | undefined)?.message ?? "";
  return isConflict(err) || /is not running|is paused|is restarting/i.test(message);
}

function collector() {
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      if (size < MAX_CAPTURE) {
        chunks.push(chunk);
        size += chunk.length;
      }
      callback();
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString("utf8") };
}
