import type Docker from "dockerode";

/**
 * The engine sends the logs of a container without a TTY as frames: an 8-byte header (stream, three zero bytes,
 * the payload's length, big-endian) before each piece of stdout or stderr. Read as text, the headers show up as
 * stray control characters in the learner's evidence; this keeps the payloads, in order. A buffer that does not
 * start with a frame header (a TTY container's plain stream) comes back as it is.
 */
export function logText(buffer: Buffer): string {
  const pieces: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const stream = buffer[at]!;
    if (stream > 2 || buffer[at + 1] !== 0 || buffer[at + 2] !== 0 || buffer[at + 3] !== 0) break;
    const size = buffer.readUInt32BE(at + 4);
    pieces.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at < buffer.length && pieces.length === 0) return buffer.toString("utf8");
  return Buffer.concat(pieces).toString("utf8");
}

/** The last `tail` lines a finished or running container printed (stdout and stderr), as text. */
export async function containerLogText(container: Docker.Container, tail: number): Promise<string> {
  return logText(await container.logs({ stdout: true, stderr: true, tail }));
}
