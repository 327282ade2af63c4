import pg from "pg";
import {
  moveSession,
  SESSION_CONTROL_CHANNEL,
  type SessionControl,
  type SessionKind,
  sessionControlSchema,
  typedSql,
} from "./lib";
import type { ServedSession } from "./served-session";

/** Waits between attempts to get the control connection back, growing to the last. */
const RECONNECT_MS = [250, 1000, 2000, 5000];

export interface SessionListenerOptions {
  kind: SessionKind;
  url: string;
  /** The sessions this host serves now, by id: every other host's are ignored. */
  served: ReadonlyMap<string, ServedSession>;
  /** A request for a session of this host's kind (a shell's names its engine). */
  onRequest: (request: Extract<SessionControl, { kind: "request" }>) => void;
  /** After every reconnect: NOTIFYs sent while the connection was down are gone, so look for missed work. */
  onReconnect: () => Promise<void>;
  log: (line: string) => void;
}

/**
 * A session host's ear on the one control channel: requests of its kind go to `onRequest`; every other message to
 * the session it names, if this host serves it (ServedSession.control). It LISTENs on a connection of its own (a pool's
 * connections come and go), got back whenever it is lost. The first connection must work: a runner that cannot
 * listen fails at start, like its other connections.
 */
export async function listenForSessions(opts: SessionListenerOptions): Promise<{ close(): Promise<void> }> {
  const { log, kind: name } = opts;
  const act = (message: SessionControl): void => {
    if (message.kind === "request") {
      if (message.sessionKind === name) opts.onRequest(message);
      return;
    }
    opts.served.get(message.sessionId)?.control(message);
  };
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const receive = (payload: string | undefined) => {
    let message: unknown;
    try {
      message = JSON.parse(payload ?? "");
    } catch {
      // Not JSON: said below like any other malformed message.
      message = undefined;
    }
    const parsed = sessionControlSchema.safeParse(message);
    if (parsed.success) act(parsed.data);
    else log(`ignored a malformed ${name} control message: ${(payload ?? "").slice(0, 200)}`);
  };
  const open = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: opts.url });
    c.on("notification", (m) => receive(m.payload));
    // Only the connection in use is replaced; errors of one being set up reject its connect below instead.
    c.on("error", (err) => lost(c, err.message));
    c.on("end", () => lost(c, "connection ended"));
    try {
      await c.connect();
      await c.query(`LISTEN ${SESSION_CONTROL_CHANNEL}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    return c;
  };
  const lost = (c: pg.Client, why: string) => {
    if (client !== c || closed) return;
    client = undefined;
    // Ending a connection that already broke may fail too; it is being replaced either way.
    c.end().catch(() => undefined);
    log(`${name} control connection lost (${why}); reconnecting`);
    schedule();
  };
  const schedule = () => {
    retry = setTimeout(() => void reconnect(), RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
  };
  const reconnect = async () => {
    if (closed) return;
    try {
      const c = await open();
      if (closed) return void (await c.end().catch(() => undefined));
      client = c;
      attempt = 0;
    } catch (err) {
      log(`${name} control connection: ${(err as Error).message}; trying again`);
      schedule();
      return;
    }
    await opts
      .onReconnect()
      .catch((err: Error) => log(`looking for missed ${name} requests after a reconnect failed: ${err.message}`));
  };
  client = await open();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch((err: Error) => log(`closing the ${name} control connection: ${err.message}`));
    },
  };
}

/** Claims a queued session for this runner: moveSession makes exactly one host win. False when it did not. */
export async function claimSession(
  db: pg.Pool,
  sessionId: string,
  runnerId: string,
  log: (line: string) => void,
): Promise<boolean> {
  const claimed = await moveSession(db, sessionId, { to: "starting", runnerId }).catch((err: Error) => {
    log(`${sessionId}: claim failed: ${err.message}`);
    return { moved: false as const };
  });
  return claimed.moved;
}

/** Closes what a previous life of this runner (a crash, under a fixed RUNNER_ID) left open of `kind`. */
export async function closeOrphans(db: pg.Pool, kind: SessionKind, runnerId: string, reason: string): Promise<void> {
  const live = typedSql(db).selectFrom("sandbox_session").select("id").where("status", "in", ["starting", "open"]);
  const rows = await live.where((w) => w.and({ kind, runnerId })).execute();
  for (const { id } of rows) await moveSession(db, id, { to: "closed", reason });
}
