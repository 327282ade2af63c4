import pg from "pg";
import type { ZodType } from "zod";

/** Waits between attempts to get the control connection back, growing to the last. */
const RECONNECT_MS = [250, 1000, 2000, 5000];

export interface ControlChannelOptions<T> {
  url: string;
  /** The NOTIFY channel the web app sends on. */
  channel: string;
  /** What a message must be; anything else is logged and ignored (the web app never sends it). */
  schema: ZodType<T>;
  /** "shell" or "lab", for the log lines. */
  name: string;
  onMessage: (message: T) => void;
  /** After every reconnect: NOTIFYs sent while the connection was down are gone, so look for missed work. */
  onReconnect: () => Promise<void>;
  log: (line: string) => void;
}

/**
 * LISTEN on a connection of its own (a pool's connections come and go), got back whenever it is lost. The first
 * connection must work: a runner that cannot listen fails at start, like its other connections. The shells' and
 * the labs' hosts each hear their web app's control messages through one of these.
 */
export async function listenOnControlChannel<T>(opts: ControlChannelOptions<T>): Promise<{ close(): Promise<void> }> {
  const { log, name } = opts;
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
    const parsed = opts.schema.safeParse(message);
    if (parsed.success) opts.onMessage(parsed.data);
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
      await c.query(`LISTEN ${opts.channel}`);
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
