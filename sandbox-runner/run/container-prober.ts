import type Docker from "dockerode";
import { z } from "zod";
import { ignoreNotFound, isNotFound, warnUnlessStatus } from "../docker/docker-error";
import { commandNotFound, type ExecResult, execCapture } from "../docker/exec-capture";
import { startProbeSidecar } from "./create-run-container";
import { HTTP_PROBE_SCRIPT } from "./http-probe-script";

export interface HttpRequest {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number | null;
  body: string;
  error: string | null;
  /** The container was not running, so nothing could be asked. */
  notRunning?: boolean;
}

const probeOutput = z.object({ status: z.number().int().nullable(), body: z.string(), error: z.string().nullable() });

export interface ContainerProber {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** /proc/1/status of the container, or why it could not be read. */
  readPid1Status(): Promise<{ text: string } | { error: string; notRunning?: boolean }>;
  /** "python3 inside the container" or "a python sidecar sharing its network". */
  describe(): string;
  close(): Promise<void>;
}

/**
 * Asks questions from inside the container, whose network is "none": HTTP
 * requests to its loopback and a look at its PID 1. Uses the image's own
 * python3 and cat; a program the image lacks runs from then on in a sidecar
 * that shares the container's network and process namespaces.
 */
export function createContainerProber(
  docker: Docker,
  container: Docker.Container,
  submissionId: string,
  port: number,
  log: (text: string) => void,
): ContainerProber {
  let sidecar: Docker.Container | undefined;
  /** Programs the image turned out not to have; they run in the sidecar from then on. */
  const missing = new Set<string>();

  let closed = false;
  /** A sidecar start in flight; close() waits for it, so the phase never returns with a sidecar still appearing. */
  let starting: Promise<unknown> | undefined;

  const ensureSidecar = async (): Promise<Docker.Container | undefined> => {
    if (sidecar) return sidecar;
    if (closed) return undefined;
    const attempt = startSidecarOnce();
    starting = attempt;
    return attempt;
  };

  const startSidecarOnce = async (): Promise<Docker.Container | undefined> => {
    try {
      const started = await startProbeSidecar(docker, container.id, submissionId);
      // Closed while it was starting (the phase hit its time limit): nobody will remove it later.
      if (closed) {
        // Best effort: the sidecar carries the submission's label, so the submission's cleanup removes it anyway.
        await started.remove({ force: true }).catch(warnUnlessStatus("removing a probe sidecar", 404));
        return undefined;
      }
      sidecar = started;
      return sidecar;
    } catch (err) {
      // The sidecar cannot join a container that has stopped; the caller sees "not running".
      if (isNotFound(err) || /not running|cannot join/i.test(String((err as Error).message))) return undefined;
      // The container died while the sidecar was joining it (the disk watchdog's kill, its own exit): the engine then
      // reports runc's failed init, not the container. Still "not running", not a fault of the platform.
      const running = await container.inspect().then(
        (info) => info.State?.Running === true,
        () => false,
      );
      if (!running) return undefined;
      throw err;
    }
  };

  /** Runs cmd in the container, or in the sidecar once the container lacked the program. */
  const run = async (cmd: string[], timeoutMs: number): Promise<ExecResult> => {
    if (!missing.has(cmd[0]!)) {
      const own = await execCapture(container, cmd, timeoutMs);
      if (!commandNotFound(own)) return own;
      missing.add(cmd[0]!);
      log(`run: the image has no ${cmd[0]}; probing from a ${describeSidecar()} instead\n`);
    }
    const side = await ensureSidecar();
    if (!side) return { exitCode: null, stdout: "", stderr: "", notRunning: true };
    return execCapture(side, cmd, timeoutMs);
  };

  return {
    async request(req) {
      const url = `http://127.0.0.1:${port}${req.path}`;
      const body = req.body === undefined ? "" : JSON.stringify(req.body);
      const seconds = (req.timeoutMs / 1000).toFixed(1);
      const result = await run(
        ["python3", "-c", HTTP_PROBE_SCRIPT, url, req.method, body, seconds],
        req.timeoutMs + 5000,
      );
      if (result.notRunning) return { status: null, body: "", error: "the container is not running", notRunning: true };
      if (result.timedOut) return { status: null, body: "", error: `no answer within ${seconds} s` };
      const lastLine = result.stdout.trim().split("\n").at(-1) ?? "";
      try {
        return probeOutput.parse(JSON.parse(lastLine));
      } catch {
        const detail = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ");
        return { status: null, body: "", error: `the probe could not run (exit ${result.exitCode}): ${detail}` };
      }
    },
    async readPid1Status() {
      const result = await run(["cat", "/proc/1/status"], 5000);
      if (result.notRunning) return { error: "the container is not running", notRunning: true };
      if (result.exitCode !== 0)
        return { error: `reading /proc/1/status failed (exit ${result.exitCode}): ${result.stderr.trim()}` };
      return { text: result.stdout };
    },
    describe: () => (missing.has("python3") ? describeSidecar() : "python3 inside the container"),
    async close() {
      closed = true;
      // Its own error belongs to the probe that asked for it; here only its removal matters.
      await starting?.catch(() => {});
      if (sidecar) await ignoreNotFound(sidecar.remove({ force: true }));
    },
  };
}

function describeSidecar(): string {
  return "python sidecar container sharing the container's network";
}
