import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test-support/db/test-database";
import { EVENTS_CHANNEL } from "./event-channel";

let db: pg.Pool;
let drop: () => Promise<void>;
let eventBus: typeof import("./event-bus").eventBus;

beforeAll(async () => {
  const database = await createTestDatabase("bus");
  drop = database.drop;
  // The bus connects from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ eventBus } = await import("./event-bus"));
  db = new pg.Pool({ connectionString: database.url });
});

afterAll(async () => {
  await eventBus?.().close();
  await db?.end();
  await drop?.();
});

const notify = (payload: string) => db.query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, payload]);

async function until(what: string, check: () => boolean): Promise<void> {
  for (let tries = 0; !check(); tries++) {
    if (tries > 400) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the app's LISTEN connection", () => {
  it("comes back by itself after the server ends it, and wakes its streams to catch up", async () => {
    const heard = { watched: 0, other: 0 };
    await eventBus().subscribe("sub-a", () => heard.watched++);
    await eventBus().subscribe("sub-b", () => heard.other++);
    await notify("sub-a:1");
    await until("the first notification", () => heard.watched === 1);
    expect(heard.other).toBe(0);

    // What a restart or failover does to the connection, without restarting the shared test server.
    const ended = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`,
      [`LISTEN ${EVENTS_CHANNEL}`],
    );
    expect(ended.rowCount).toBe(1);
    // Every stream is woken when the connection is lost and again once it is back, to re-read what it missed.
    await until("the wakes of the loss and the reconnect", () => heard.other === 2);
    expect(heard.watched).toBe(3);

    // Listening again: a notification reaches the stream it names, and only that one.
    await notify("sub-a:2");
    await until("a notification after the reconnect", () => heard.watched === 4);
    expect(heard.other).toBe(2);
  });
});
