import type pg from "pg";
import { expect } from "vitest";
import { listSessionEventsAfter, type SessionKind } from "../../../lib/sessions/session-store";

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
export function sessionHandle<S extends string, E extends { id: string; type: string; data: unknown }>(
  db: pg.Pool,
  kind: SessionKind<S>,
  sessionId: string,
  control: (message: Control) => Promise<unknown>,
  waits: HandleWaits,
) {
  const events = () => listSessionEventsAfter<S, E>(db, kind, sessionId, "0", 100_000);
  const output = async () =>
    (await events())
      .filter((e) => e.type === "output")
      .map((e) => (e.data as { text: string }).text)
      .join("");
  const status = async () =>
    (await db.query(`SELECT status, "closeReason" FROM ${kind.table} WHERE id = $1`, [sessionId])).rows[0] as {
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
