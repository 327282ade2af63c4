import type Docker from "dockerode";
import { PlatformFault } from "../core/lib";
import { execCapture } from "../docker/exec-capture";

export interface ExecExitResult {
  exitCode: number | null;
  /** stdout and stderr together, the last 4 KiB: enough to say why a probe failed. */
  output: string;
}

const KEEP_BYTES = 4096;

/**
 * Runs one command in a running container of the platform's own (the mirror,
 * a seeding helper) and waits for its exit code; a command that does not
 * finish in `timeoutMs`, or a container that is not running, is a platform fault.
 */
export async function execExitCode(
  container: Docker.Container,
  cmd: string[],
  timeoutMs: number,
): Promise<ExecExitResult> {
  const result = await execCapture(container, cmd, timeoutMs);
  const command = `\`${cmd.join(" ")}\``;
  if (result.notRunning) throw new PlatformFault("docker", `${command} could not run: the container is not running`);
  if (result.timedOut) throw new PlatformFault("docker", `${command} did not finish within ${timeoutMs} ms`);
  return { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}`.slice(-KEEP_BYTES) };
}
