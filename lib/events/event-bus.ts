import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "../config/env";
import { EVENTS_CHANNEL } from "./event-channel";

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/**
 * One LISTEN connection per app process fans NOTIFYs out to every open SSE
 * stream, instead of one database connection per watching browser.
 *
 * A lost connection (PostgreSQL restarted, a failover, the backend terminated) is opened again on its own, with a
 * growing wait, for as long as any stream listens: streams that survived the loss would otherwise never hear of
 * another event. NOTIFYs sent while it was down are gone, so every stream is woken after the reconnect too, and
 * re-reads from its last event id.
 */
class EventBus extends EventEmitter {
  private connecting: Promise<pg.Client> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private retryMs = FIRST_RETRY_MS;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  async subscribe(submissionId: string, onNotify: () => void): Promise<() => void> {
    await this.connect();
    this.on(submissionId, onNotify);
    return () => this.off(submissionId, onNotify);
  }

  /** Ends the LISTEN connection and stops reconnecting (tests, shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.removeAllListeners();
    const connecting = this.connecting;
    this.connecting = undefined;
    const client = await connecting?.catch(() => undefined);
    await client?.end();
  }

  private connect(): Promise<pg.Client> {
    if (!this.connecting) {
      const connecting: Promise<pg.Client> = this.open(() => {
        // Only the connection in use is forgotten: a late "end" of an older one must not drop its successor.
        if (this.connecting === connecting) this.connecting = undefined;
      }).catch((err) => {
        if (this.connecting === connecting) this.connecting = undefined;
        throw err;
      });
      this.connecting = connecting;
    }
    return this.connecting;
  }

  private async open(forget: () => void): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    client.on("notification", (msg) => {
      const submissionId = msg.payload?.split(":")[0];
      if (submissionId) this.emit(submissionId);
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.closed) return;
      lost = true;
      console.error(`[event-bus] LISTEN connection lost: ${reason}`);
      forget();
      // Ending a client that already failed only releases its socket; there is nothing left to report.
      client.end().catch(() => {});
      this.wakeAll();
      this.scheduleReconnect();
    };
    client.on("error", (err) => onLost(err.message));
    // "end" without "error": the server closed the connection cleanly (a smart shutdown).
    client.on("end", () => onLost("the server closed it"));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      lost = true;
      // The caller gets the connect error; ending the half-open client can only fail the same way.
      await client.end().catch(() => {});
      throw err;
    }
    return client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry || this.eventNames().length === 0) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.closed || this.eventNames().length === 0) return;
      this.connect().then(
        () => {
          this.retryMs = FIRST_RETRY_MS;
          console.error("[event-bus] LISTEN connection restored");
          this.wakeAll();
        },
        () => {
          this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    // Reconnecting must not keep a process alive that has nothing else to do.
    this.retry.unref();
  }

  /** Every stream re-reads from its last event id. */
  private wakeAll(): void {
    for (const name of this.eventNames()) this.emit(name);
  }
}

const globalForBus = globalThis as unknown as { dockyardEventBus?: EventBus };

export function eventBus(): EventBus {
  globalForBus.dockyardEventBus ??= new EventBus();
  return globalForBus.dockyardEventBus;
}
