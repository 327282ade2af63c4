import { spawn } from "node:child_process";
import { z } from "zod";
import { HTTP_PROBE_SCRIPT } from "../run/http-probe-script";
import { type LabEngine, labExecArgs, labNetworkArgs } from "./lab-engine";
import { homePathParts, type LabDiskFile, readLabDiskFile } from "./lab-home";

/** More than any reading the runner makes (an HTTP probe's JSON line, a volume file's first 4 KiB). */
const STDOUT_CAP = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The runner's readings of a lab, none of which the lab can answer in its place. Never throws for the command's
 * sake: a command that fails, hangs or floods its output ends with its code (null when killed) and what it printed,
 * capped.
 */
export interface LabProbe {
  /**
   * Runs a command inside the lab, in its namespaces as the lab's root, so it sees only what the lab sees. The lab
   * can replace any program in its own file system, so this is for what a learner would see (diagnostics), never
   * for a task's evidence.
   */
  exec(argv: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string }>;
  /**
   * Runs one of the host's own programs in the lab's network namespace only (labNetworkArgs): it reaches what the
   * lab's loopback reaches (a published port, the lab's registry), as the host's `nobody`, and nothing of the lab's
   * file system runs or is read.
   */
  inNetwork(argv: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string }>;
  /** The first `maxBytes` of a file in one of the lab's volumes, read from the host (readLabDiskFile). */
  volumeFile(volume: string, path: string, maxBytes: number): Promise<LabDiskFile>;
}

export function labProbe(engine: LabEngine): LabProbe {
  return {
    exec: (argv, timeoutMs = DEFAULT_TIMEOUT_MS) => runCapped(labExecArgs(engine, argv), timeoutMs),
    inNetwork: (argv, timeoutMs = DEFAULT_TIMEOUT_MS) => runCapped(labNetworkArgs(engine, argv), timeoutMs),
    volumeFile: (volume, path, maxBytes) =>
      readLabDiskFile(
        engine,
        ["docker", "volumes", ...homePathParts(volume), "_data", ...homePathParts(path)],
        maxBytes,
      ),
  };
}

function runCapped(argv: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string }> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    // A group of its own: nsenter forks to enter the PID namespace, and a kill must reach that child too.
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "ignore"], detached: true });
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      if (size >= STDOUT_CAP) return;
      chunks.push(chunk.subarray(0, STDOUT_CAP - size));
      size += chunk.length;
    });
    const output = () => Buffer.concat(chunks).toString("utf8");
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      // Something the kill cannot reach may still hold the pipe open: answer now, with what came so far.
      resolve({ code: null, stdout: output() });
    }, timeoutMs);
    // A spawn failure (no nsenter, say) reads as a command that did not run: the caller reports no answer.
    child.on("error", () => {
      clearTimeout(timer);
      resolve({ code: null, stdout: "" });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: output() });
    });
  });
}

const httpAnswerSchema = z.object({
  status: z.number().int().nullable(),
  body: z.string(),
  error: z.string().nullable(),
});
/** What a GET inside the lab got: a status and the first 2 KB of the body as text, or why there was no answer. */
export type LabHttpAnswer = z.infer<typeof httpAnswerSchema>;

const HTTP_TIMEOUT_S = 5;
/** Debian's python, by its full path: the runner's own PATH may lead elsewhere (a version manager's shim). */
const HOST_PYTHON = "/usr/bin/python3";

/**
 * The User-Agent every request of the lab's checker sends. A header, not a mark in the path: a learner's server that
 * matches paths exactly (`self.path == "/health"`) must answer the checker as it answers them. The labs' own servers
 * log such requests apart (run-a-model-server's task 3 has the learner read its server's log).
 */
export const CHECKER_USER_AGENT = "dockyard-lab-checker";

/**
 * GET http://127.0.0.1:<port><path> from the lab's own network namespace, where its published ports are: the
 * request reaches nothing but the lab, and the runner never opens a connection into it. Undefined when the probe
 * itself did not answer (the lab busy or stopping), so each caller words that case for its reader.
 */
export async function labHttpGet(probe: LabProbe, port: number, path: string): Promise<LabHttpAnswer | undefined> {
  const url = `http://127.0.0.1:${port}${path}`;
  const { stdout } = await probe.inNetwork(
    [HOST_PYTHON, "-c", HTTP_PROBE_SCRIPT, url, "GET", "", String(HTTP_TIMEOUT_S), CHECKER_USER_AGENT],
    (HTTP_TIMEOUT_S + 5) * 1000,
  );
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return httpAnswerSchema.parse(JSON.parse(line));
  } catch {
    return undefined;
  }
}
