import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { AppError } from "../../lib/errors/app-error";

export interface ExecExitResult {
  exitCode: number | null;
  /** stdout and stderr together, the last 4 KiB: enough to say why a probe failed. */
  output: string;
}

const KEEP_BYTES = 4096;

/**
 * Runs one command in a running container and waits for its exit code. The
 * command must bound its own run time; `timeoutMs` only stops the waiting.
 */
export async function execExitCode(container: Docker.Container, cmd: string[], timeoutMs: number): Promise<ExecExitResult> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy(): void };
  let output = "";
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-KEEP_BYTES);
  });
  container.modem.demuxStream(stream, sink, sink);

  const ended = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once("end", done);
    stream.once("close", done);
    stream.once("error", done);
  });
  if (!ended) {
    stream.destroy();
    throw new AppError("DOCKER_UNAVAILABLE", `\`${cmd.join(" ")}\` did not finish within ${timeoutMs} ms`);
  }
  // The stream can end a moment before the engine records the exit code.
  for (let attempt = 0; attempt < 40; attempt++) {
    const info = await exec.inspect();
    if (!info.Running) return { exitCode: info.ExitCode ?? null, output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { exitCode: null, output };
}
