import { execFile } from "node:child_process";

export interface CliResult {
  /** null when the process could not be started (ENOENT) or was killed at the timeout. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
  timedOut: boolean;
}

/** Runs a CLI with a bounded time and output; never rejects. */
export function runCli(
  file: string,
  args: string[],
  opts: { cwd?: string; env: Record<string, string>; timeoutMs: number },
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: opts.env as NodeJS.ProcessEnv,
        timeout: opts.timeoutMs,
        maxBuffer: 1024 * 1024,
        killSignal: "SIGKILL",
      },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        resolve({
          exitCode: err ? (typeof err.code === "number" ? err.code : null) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          missing: err?.code === "ENOENT",
          timedOut: Boolean(err?.killed),
        });
      },
    );
  });
}
