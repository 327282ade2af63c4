import { Writable } from "node:stream";
import type Docker from "dockerode";
import { type ExecResult, exitCodeOf, isNotRunning } from "./exec-capture";

/** Output kept per stream for the end result: the lines themselves are handed out as they come. */
const MAX_CAPTURE = 64 * 1024;

type NextLine = { line: string } | { ended: true } | { timedOut: true };

export interface ExecLines {
  /** The next line the command printed on stdout; `ended` once its output is over, `timedOut` past `timeoutMs`. */
  next(timeoutMs: number): Promise<NextLine>;
  /** Once `next` said `ended`: the exit code and what it printed, as execCapture reports them. */
  result(): Promise<ExecResult>;
  /** Writes to the command's stdin (started with `stdin: true`). */
  write(text: string): void;
  /** Drops the stream, which closes the command's stdin and stdout; the command must end on its own then. */
  stop(): void;
}

/**
 * `docker exec` of one long-running command whose stdout lines are read as it
 * prints them, for a command that answers more than once (a probe session,
 * fed through stdin). Like
 * execCapture, it runs as the container's own user and reports an exec the
 * engine refused (the container is not running) as `notRunning`.
 */
export async function execLines(
  container: Docker.Container,
  cmd: string[],
  opts: { stdin?: boolean } = {},
): Promise<ExecLines | { notRunning: true }> {
  const stdin = opts.stdin === true;
  let exec: Docker.Exec;
  let stream: NodeJS.ReadWriteStream & { destroy?: () => void };
  try {
    exec = await container.exec({ Cmd: cmd, AttachStdin: stdin, AttachStdout: true, AttachStderr: true });
    stream = (await exec.start({ hijack: true, stdin })) as NodeJS.ReadWriteStream;
  } catch (err) {
    if (isNotRunning(err)) return { notRunning: true };
    throw err;
  }
  const lines: string[] = [];
  let partial = "";
  let stdout = "";
  let stderr = "";
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const sink = (onText: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, callback) {
        onText(chunk.toString("utf8"));
        callback();
      },
    });
  const out = sink((text) => {
    if (stdout.length < MAX_CAPTURE) stdout += text;
    const split = (partial + text).split("\n");
    partial = split.pop() ?? "";
    lines.push(...split);
    if (split.length) notify();
  });
  const err = sink((text) => {
    if (stderr.length < MAX_CAPTURE) stderr += text;
  });
  container.modem.demuxStream(stream, out, err);
  const done = () => {
    if (ended) return;
    ended = true;
    if (partial) lines.push(partial);
    partial = "";
    notify();
  };
  stream.on("end", done);
  stream.on("close", done);
  stream.on("error", done);

  return {
    async next(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = lines.shift();
        if (line !== undefined) return { line };
        if (ended) return { ended: true };
        const left = deadline - Date.now();
        if (left <= 0) return { timedOut: true };
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
      }
    },
    write(text) {
      if (!ended) stream.write(text);
    },
    async result() {
      return { exitCode: await exitCodeOf(exec), stdout, stderr };
    },
    stop() {
      stream.destroy?.();
      done();
    },
  };
}
