import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { ignoreNotFound, isNotFound, warnUnlessStatus } from "../docker/docker-error";
import { commandNotFound, type ExecResult, execCapture } from "../docker/exec-capture";
import { startProbeSidecar } from "./create-run-container";
import { type ProbeSession, type SessionRequest, startProbeSession } from "./probe-session";

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

export interface ContainerProber {
  request(req: HttpRequest): Promise<HttpResponse>;
  /**
   * The answers to `req` sent every `everyMs` until one is a 200 or `untilMs` (absolute time) passes, each as it
   * comes; stop early by leaving the loop. The same request and answers as `request`.
   */
  poll(req: HttpRequest, opts: { everyMs: number; untilMs: number }): AsyncGenerator<HttpResponse, void, undefined>;
  /** /proc/1/status of the container, or why it could not be read. */
  readPid1Status(): Promise<{ text: string } | { error: string; notRunning?: boolean }>;
  /** "python3 inside the container" or "a python sidecar sharing its network". */
  describe(): string;
  /** Ends the probe session's process (when nothing more is to be asked), so it is gone before the stop. */
  endSession(): void;
  close(): Promise<void>;
}

/**
 * Asks questions from inside the container, whose network is "none": HTTP
 * requests to its loopback and a look at its PID 1. Uses the image's own
 * python3 and cat; a program the image lacks runs from then on in a sidecar
 * that shares the container's network and process namespaces. HTTP requests
 * go through one python process (a probe session) started at the first, not
 * an exec each: see http-probe-script.ts for what an exec costs.
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
  let starting: Promise<Docker.Container | undefined> | undefined;

  const ensureSidecar = async (): Promise<Docker.Container | undefined> => {
    if (sidecar) return sidecar;
    if (closed) return undefined;
    starting = startSidecarOnce();
    return starting;
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
      log(`run: the image has no ${cmd[0]}; probing from a ${SIDECAR_DESCRIPTION} instead\n`);
    }
    const side = await ensureSidecar();
    if (!side) return { exitCode: null, stdout: "", stderr: "", notRunning: true };
    return execCapture(side, cmd, timeoutMs);
  };

  let session: ProbeSession | undefined;
  /** Requests go through the session one at a time. */
  let lane: Promise<unknown> = Promise.resolve();

  const dropSession = () => {
    session?.stop();
    session = undefined;
  };

  /**
   * Sends one request (or poll) through the session and yields its answers as they come. A session started for it
   * that ends without a word lacked python3 (the sidecar takes over) or could not run it; one that had answered
   * before and ended has been killed, so the request goes to a new one, as a new exec would have gone.
   */
  async function* exchange(req: HttpRequest, poll?: { everyMs: number; forMs: number }): AsyncGenerator<HttpResponse> {
    const { request, seconds } = sessionRequest(port, req, poll);
    const noAnswer: HttpResponse = { status: null, body: "", error: `no answer within ${seconds} s` };
    for (let retried = false; ; ) {
      if (!session || session.ended) {
        dropSession();
        const target = missing.has("python3") ? await ensureSidecar() : container;
        const started = target ? await startProbeSession(target) : { notRunning: true as const };
        if ("notRunning" in started) {
          yield NOT_RUNNING;
          return;
        }
        session = started;
      }
      const current = session;
      const id = current.send(request);
      let answers = 0;
      let finished = false;
      try {
        for (;;) {
          // Each answer may take as long as a request's own exec could (python's start-up included), plus a pause.
          const reply = await current.next(id, req.timeoutMs + 5000 + (answers > 0 && poll ? poll.everyMs : 0));
          if ("answer" in reply) {
            answers++;
            finished = !poll || reply.answer.status === 200;
            yield reply.answer;
            if (finished) return;
            continue;
          }
          if ("done" in reply) {
            finished = true;
            return;
          }
          if ("timedOut" in reply) {
            yield noAnswer;
            return;
          }
          if (answers > 0) return;
          if (current.answered && !retried) {
            retried = true;
            break;
          }
          if (commandNotFound(reply.ended) && !missing.has("python3")) {
            missing.add("python3");
            log(`run: the image has no python3; probing from a ${SIDECAR_DESCRIPTION} instead\n`);
            break;
          }
          yield couldNotRun(reply.ended);
          return;
        }
      } finally {
        // Left before its last line (timed out, ended, or the caller stopped a poll): its answers cannot be trusted
        // to come in order any more.
        if (!finished && session === current) dropSession();
      }
    }
  }

  /** Runs `body` once the requests before it are through. */
  const inLane = <T>(body: () => Promise<T>): Promise<T> => {
    const turn = lane.then(body, body);
    lane = turn.catch(() => {});
    return turn;
  };

  return {
    request(req) {
      return inLane(async () => {
        let last: HttpResponse = NOT_RUNNING;
        for await (const answer of exchange(req)) last = answer;
        return last;
      });
    },
    async *poll(req, { everyMs, untilMs }) {
      // The lane is held by hand: a generator's turn lasts until its caller is done with it.
      let release = () => {};
      const previous = lane;
      lane = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        await previous;
        while (Date.now() < untilMs) {
          let last: HttpResponse | undefined;
          for await (const answer of exchange(req, { everyMs, forMs: untilMs - Date.now() })) {
            last = answer;
            yield answer;
          }
          if (last?.status === 200) return;
          // The session stopped short of the end (not running, timed out, killed): the next try comes after a pause.
          if (Date.now() < untilMs) await sleep(Math.min(everyMs, Math.max(0, untilMs - Date.now())));
        }
      } finally {
        release();
      }
    },
    async readPid1Status() {
      const result = await run(["cat", "/proc/1/status"], 5000);
      if (result.notRunning) return { error: "the container is not running", notRunning: true };
      if (result.exitCode !== 0)
        return { error: `reading /proc/1/status failed (exit ${result.exitCode}): ${result.stderr.trim()}` };
      return { text: result.stdout };
    },
    describe: () => (missing.has("python3") ? SIDECAR_DESCRIPTION : "python3 inside the container"),
    endSession: dropSession,
    async close() {
      closed = true;
      dropSession();
      // Its own error belongs to the probe that asked for it; here only its removal matters.
      await starting?.catch(() => {});
      if (sidecar) await ignoreNotFound(sidecar.remove({ force: true }));
    },
  };
}

const NOT_RUNNING: HttpResponse = {
  status: null,
  body: "",
  error: "the container is not running",
  notRunning: true,
};

/** A request as the probe session reads it, and its timeout as the script spells it in messages. */
function sessionRequest(
  port: number,
  req: HttpRequest,
  poll?: { everyMs: number; forMs: number },
): { request: SessionRequest; seconds: string } {
  const seconds = (req.timeoutMs / 1000).toFixed(1);
  return {
    request: {
      url: `http://127.0.0.1:${port}${req.path}`,
      method: req.method,
      body: req.body === undefined ? "" : JSON.stringify(req.body),
      // The one-shot script got the timeout as this text, rounded to a tenth.
      timeout: Number(seconds),
      ...(poll ? { every: poll.everyMs / 1000, for: poll.forMs / 1000 } : {}),
    },
    seconds,
  };
}

function couldNotRun(result: ExecResult): HttpResponse {
  const detail = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ");
  return { status: null, body: "", error: `the probe could not run (exit ${result.exitCode}): ${detail}` };
}

const SIDECAR_DESCRIPTION = "python sidecar container sharing the container's network";
