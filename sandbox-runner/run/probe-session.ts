import type Docker from "dockerode";
import { z } from "zod";
import type { ExecResult } from "../docker/exec-capture";
import { type ExecLines, execLines } from "../docker/exec-lines";
import { HTTP_PROBE_SCRIPT } from "./http-probe-script";

/** One request to the session: a single one, or a poll when `every` and `for` (seconds) are given. */
export interface SessionRequest {
  url: string;
  method: string;
  body: string;
  /** Seconds, as the one-shot script takes them. */
  timeout: number;
  every?: number;
  for?: number;
}

const answerLine = z.object({
  id: z.number().int(),
  status: z.number().int().nullable(),
  body: z.string(),
  error: z.string().nullable(),
});
const doneLine = z.object({ id: z.number().int(), done: z.literal(true) });

type SessionReply =
  | { answer: { status: number | null; body: string; error: string | null } }
  /** A poll's last line: its loop is over and the session waits for the next request. */
  | { done: true }
  | { timedOut: true }
  /** The process ended; what it printed and its exit code say why (e.g. no python3 in the image). */
  | { ended: ExecResult };

export interface ProbeSession {
  /** Sends a request; its answers come from `next(id)`. */
  send(request: SessionRequest): number;
  /** The next line for request `id`; lines of requests given up on, and anything not the script's, are skipped. */
  next(id: number, timeoutMs: number): Promise<SessionReply>;
  /** Whether any request got an answer yet: a session that never answered may lack python3 altogether. */
  readonly answered: boolean;
  readonly ended: boolean;
  /** Drops the connection: the script ends at its next read of stdin or write to stdout. */
  stop(): void;
}

/**
 * The HTTP probe script in `--serve` mode, started once in `target` (the
 * container or its sidecar) and asked through stdin, so a run's requests cost
 * one exec instead of one each.
 */
export async function startProbeSession(target: Docker.Container): Promise<ProbeSession | { notRunning: true }> {
  const started = await execLines(target, ["python3", "-c", HTTP_PROBE_SCRIPT, "--serve"], { stdin: true });
  if ("notRunning" in started) return started;
  return probeSession(started);
}

function probeSession(lines: ExecLines): ProbeSession {
  let lastId = 0;
  let answered = false;
  let ended = false;
  return {
    send(request) {
      lastId += 1;
      lines.write(`${JSON.stringify({ id: lastId, ...request })}\n`);
      return lastId;
    },
    async next(id, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const next = await lines.next(Math.max(0, deadline - Date.now()));
        if ("timedOut" in next) return next;
        if ("ended" in next) {
          ended = true;
          return { ended: await lines.result() };
        }
        const parsed = parseLine(next.line);
        if (!parsed || parsed.id !== id) continue;
        if ("done" in parsed) return { done: true };
        answered = true;
        return { answer: { status: parsed.status, body: parsed.body, error: parsed.error } };
      }
    },
    get answered() {
      return answered;
    },
    get ended() {
      return ended;
    },
    stop() {
      ended = true;
      lines.stop();
    },
  };
}

function parseLine(line: string): z.infer<typeof answerLine> | z.infer<typeof doneLine> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const done = doneLine.safeParse(json);
  if (done.success) return done.data;
  const answer = answerLine.safeParse(json);
  return answer.success ? answer.data : undefined;
}
