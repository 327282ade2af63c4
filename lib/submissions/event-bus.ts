import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "../config/env";
import { EVENTS_CHANNEL } from "./event-types";

/**
 * One LISTEN connection per app process fans NOTIFYs out to every open SSE
 * stream, instead of one database connection per watching browser.
 */
class EventBus extends EventEmitter {
  private connecting: Promise<void> | undefined;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  async subscribe(submissionId: string, onNotify: () => void): Promise<() => void> {
    await this.connect();
    this.on(submissionId, onNotify);
    return () => this.off(submissionId, onNotify);
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: env().DATABASE_URL });
      client.on("notification", (msg) => {
        const submissionId = msg.payload?.split(":")[0];
        if (submissionId) this.emit(submissionId);
      });
      client.on("error", (err) => {
        console.error("[event-bus] LISTEN connection lost:", err.message);
        this.connecting = undefined;
        // Wake every stream so it re-reads from its last id after reconnecting.
        for (const name of this.eventNames()) this.emit(name);
      });
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    })().catch((err) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }
}

const globalForBus = globalThis as unknown as { dockyardEventBus?: EventBus };

export function eventBus(): EventBus {
  globalForBus.dockyardEventBus ??= new EventBus();
  return globalForBus.dockyardEventBus;
}
