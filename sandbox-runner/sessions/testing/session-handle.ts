import pg from "pg";
import { expect } from "vitest";
import type { SessionControl } from "../../../lib/sessions/session-protocol";
import { listSessionEventsAfter, notifySessionControl } from "../../../lib/sessions/session-store";

/**
 * The web app's side of the control channel, as a test drives a host: messages go out on one connection of their
 * own, one after another, so they arrive in the order they were sent.
 */
export async function webControl(url: string) {
  const web = new pg.Client({ connectionString: url });
  await web.connect();
  let sent: Promise<unknown> = Promise.resolve();
  return {
    control(message: SessionControl): Promise<unknown> {
      const next = sent.then(() => notifySessionControl(web as unknown as pg.PoolClient, message));
      sent = next.catch(() => undefined);
      return next;
    },
    end: () => web.end(),
  };
}

/** How long a test waits for output and for a status: a lab starts an engine, a shell only a container. */
export interface HandleWaits {
  outputMs: number;
  statusMs: number;
  intervalMs: number;
}

/** A control message as the web side sends it to a session's host. */
type Control =
  | { kind: "input"; sessionId: string; data: string }
  | { kind: "resize"; sessionId: string; cols: number; rows: number }
  | { kind: "close"; sessionId: string };

/**
 * A test's hold on a session it requested, as the learner's page has it: the events, the output, the status, and
 * the keys, sizes and close it sends. The same for shells and labs; each harness adds what is its own.
 */
export function sessionHandle(
  db: pg.Pool,
  sessionId: string,
  control: (message: Control) => Promise<unknown>,
  waits: HandleWaits,
) {
  const events = () => listSessionEventsAfter(db, sessionId, "0", 100_000);
  /** The first terminal's output (a lab's other tabs print events of their own numbers). */
  const output = async () =>
    (await events())
      .filter((e) => e.type === "output" && !e.data.terminal)
      .map((e) => (e.data as { text: string }).text)
      .join("");
  const status = async () =>
    (await db.query(`SELECT status, "closeReason" FROM sandbox_session WHERE id = $1`, [sessionId])).rows[0] as {
      status: string;
      closeReason: string | null;
    };
  return {
    sessionId,
    events,
    output,
    status,
    send: (data: string) => control({ kind: "input", sessionId, data }),
    resize: (cols: number, rows: number) => control({ kind: "resize", sessionId, cols, rows }),
    close: () => control({ kind: "close", sessionId }),
    /** Waits until the output matches, and returns it. */
    async waitFor(pattern: RegExp, timeout = waits.outputMs): Promise<string> {
      await expect.poll(output, { timeout, interval: waits.intervalMs }).toMatch(pattern);
      return output();
    },
    async waitForStatus(wanted: string, timeout = waits.statusMs) {
      await expect.poll(async () => (await status()).status, { timeout, interval: waits.intervalMs }).toBe(wanted);
      return status();
    },
  };
}
