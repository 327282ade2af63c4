import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { PartSpec, RunningPart } from "./supervised-part";

/**
 * A Node.js program of the platform (the runner, the web server) as a child process in a process group of its
 * own: a kill reaches whatever it started too (the runner's docker CLI children), which would otherwise outlive it.
 * Its IPC channel is its link to this supervisor: when the supervisor dies, even by SIGKILL, the part sees the channel
 * close and stops (lib/platform/supervisor-link.ts).
 */
export function nodeProcess(
  name: string,
  title: string,
  script: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): PartSpec {
  return {
    name,
    title,
    async start(output): Promise<RunningPart> {
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: opts.cwd,
        env: opts.env,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        detached: true,
      });
      const lines = (stream: Readable) => createInterface({ input: stream }).on("line", (line) => output(line));
      lines(child.stdout!);
      lines(child.stderr!);
      const group = child.pid;
      const killGroup = () => {
        if (group === undefined) return;
        try {
          process.kill(-group, "SIGKILL");
        } catch {
          // ESRCH: the group is empty already, which is the goal.
        }
      };
      const exited = new Promise<string>((resolve) => {
        child.once("error", (err) => resolve(`it could not run: ${err.message}`));
        child.once("exit", (code, signal) => {
          // What it started and left behind goes with it; a restarted instance starts clean.
          killGroup();
          resolve(signal ?? `code ${code}`);
        });
      });
      return { pid: group ?? 0, exited, requestStop: () => child.kill("SIGTERM"), kill: killGroup };
    },
  };
}
