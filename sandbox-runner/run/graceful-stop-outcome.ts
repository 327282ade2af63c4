import type Docker from "dockerode";
import { ignoreStatus } from "../docker/docker-error";
import { type CheckOutcome, fail, pass, skipped } from "../grading/lib";

/** Leeway under the stop timeout: a reaction to SIGTERM takes milliseconds, not the whole timeout. */
const REACTION_MARGIN_MS = 500;

export interface StartCommand {
  entrypoint: string[];
  cmd: string[];
}

/**
 * `docker stop` with the exercise's timeout, timed. Docker sends SIGTERM, waits
 * up to the timeout, then sends SIGKILL: finishing well before the timeout
 * proves PID 1 reacted to SIGTERM.
 */
export async function gracefulStopOutcome(
  container: Docker.Container,
  stopSeconds: number,
  command: StartCommand,
): Promise<CheckOutcome> {
  const before = await container.inspect();
  if (!before.State.Running)
    return skipped(`The container had already exited (code ${before.State.ExitCode}) before it could be stopped.`);
  const started = Date.now();
  // 304: it exited by itself after the inspect above, which is no failure to stop.
  await ignoreStatus(container.stop({ t: stopSeconds }), 304);
  const ms = Date.now() - started;
  const exitCode = (await container.inspect()).State.ExitCode;
  const killed = exitCode === 137 ? " (137 = killed by SIGKILL)" : "";
  const evidence = `docker stop -t ${stopSeconds}: ${ms} ms, exit code ${exitCode}${killed}`;
  if (ms < stopSeconds * 1000 - REACTION_MARGIN_MS) {
    return pass(
      `docker stop finished in ${ms} ms (exit code ${exitCode}): the main ` +
        `process exited on SIGTERM instead of waiting to be killed.`,
      evidence,
    );
  }
  const shell = shellForm(command);
  return fail({
    message:
      `docker stop waited the full ${stopSeconds} s and then killed the ` +
      `container (exit code ${exitCode}): PID 1 ignored SIGTERM. ` +
      (shell
        ? `The image starts \`${shell}\` in shell form, so /bin/sh -c is PID 1: it ` +
          `does not pass SIGTERM on to your program, and as PID 1 it is not stopped ` +
          `by it either.`
        : `PID 1 is \`${[...command.entrypoint, ...command.cmd].join(" ")}\`. The ` +
          `kernel gives PID 1 no default signal actions, so a program that installs ` +
          `no SIGTERM handler simply keeps running.`),
    evidence,
    fix: shell
      ? `Use the exec form so your program is PID 1 and gets the signal: ${execFormOf(shell)} ` +
        `(and make it exit on SIGTERM).`
      : "Exit on SIGTERM: in Python, `signal.signal(signal.SIGTERM, lambda *_: " +
        "sys.exit(0))` (servers such as uvicorn and gunicorn do this already), or " +
        "start the container with an init such as tini as PID 1.",
  });
}

/** The command when the image starts through `/bin/sh -c` (shell-form CMD or ENTRYPOINT). */
function shellForm({ entrypoint, cmd }: StartCommand): string | undefined {
  const argv = entrypoint.length > 0 ? entrypoint : cmd;
  if (argv.length >= 3 && /^(\/bin\/)?(sh|bash|dash)$/.test(argv[0]!) && argv[1] === "-c")
    return argv.slice(2).join(" ");
  return undefined;
}

/** The exec-form spelling of a simple shell command; a generic example when it uses shell syntax. */
function execFormOf(shell: string): string {
  if (/[;&|<>$`'"\\*?(){}]/.test(shell))
    return '`CMD ["python", "app.py"]`, one JSON string per argument, with no shell syntax';
  return `\`CMD ${JSON.stringify(shell.trim().split(/\s+/)).replace(/","/g, '", "')}\``;
}
