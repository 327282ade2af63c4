import { Writable } from "node:stream";
import type Docker from "dockerode";

/** Lines kept for evidence, whatever was passed on to the log. */
const TAIL_LINES = 200;
const READ_ONLY = /read-only file system/i;

export interface ContainerOutput {
  /** The last `count` lines the container printed (stdout and stderr as they came). */
  tail(count: number): string[];
  /** Lines that report a write to the read-only root file system. */
  readOnlyErrors(): string[];
  readonly truncated: boolean;
  /** Resolves when the container's output ends (it stopped) or following was stopped. */
  ended: Promise<void>;
  stop(): void;
}

/**
 * Streams a started container's stdout and stderr to `log`, passing on at most
 * `outputBytes` and then one "[output truncated]" line, while keeping the last
 * lines for evidence.
 */
export async function followContainerOutput(
  container: Docker.Container,
  opts: { log: (text: string) => void; outputBytes: number },
): Promise<ContainerOutput> {
  const stream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
  })) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
  let passed = 0;
  let truncated = false;
  let partial = "";
  const lines: string[] = [];
  const readOnly: string[] = [];

  const keepLine = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    if (READ_ONLY.test(line) && readOnly.length < 5) readOnly.push(line);
  };
  const passOn = (text: string) => {
    if (truncated) return;
    const room = opts.outputBytes - passed;
    const bytes = Buffer.byteLength(text);
    if (bytes <= room) {
      passed += bytes;
      opts.log(text);
      return;
    }
    const head = Buffer.from(text).subarray(0, Math.max(0, room)).toString("utf8");
    if (head) opts.log(head);
    passed = opts.outputBytes;
    truncated = true;
    opts.log(`${head.endsWith("\n") || head === "" ? "" : "\n"}[output truncated]\n`);
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      const text = chunk.toString("utf8");
      passOn(text);
      const split = (partial + text).split("\n");
      partial = split.pop() ?? "";
      split.forEach(keepLine);
      callback();
    },
  });
  container.modem.demuxStream(stream, sink, sink);

  const ended = new Promise<void>((resolve) => {
    const done = () => {
      if (partial) keepLine(partial);
      partial = "";
      resolve();
    };
    for (const event of ["end", "close", "error"]) stream.on(event, done);
  });

  return {
    tail: (count) => [...lines, ...(partial ? [partial] : [])].slice(-count),
    readOnlyErrors: () => [...readOnly, ...(partial && READ_ONLY.test(partial) ? [partial] : [])].slice(0, 5),
    get truncated() {
      return truncated;
    },
    ended,
    stop: () => stream.destroy?.(),
  };
}
