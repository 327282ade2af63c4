import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test-support/db/test-database";
import { isDatabaseUnavailable, untilDatabaseAnswers } from "./unavailable";

let url: string;
let db: pg.Pool;
let drop: () => Promise<void>;
/** A port where nothing listens: what a client meets while PostgreSQL restarts. */
let closedPort: number;

beforeAll(async () => {
  const database = await createTestDatabase("unavailable");
  ({ url, drop } = database);
  db = new pg.Pool({ connectionString: url });
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await db?.end();
  await drop?.();
});

const quiet = { log: () => {} };
const refused = () => {
  const u = new URL(url);
  u.port = String(closedPort);
  const client = new pg.Client({ connectionString: u.toString() });
  return client.connect().then(() => client.end());
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a failure"),
    (err) => err,
  );

describe("isDatabaseUnavailable", () => {
  it("is true for a server that refuses connections and for a backend ended by the server", async () => {
    expect(isDatabaseUnavailable(await failure(refused()))).toBe(true);
    const client = await db.connect();
    // The server's "terminating connection due to administrator command" (57P01), as at a shutdown.
    const ended = await failure(client.query("SELECT pg_terminate_backend(pg_backend_pid())"));
    client.release(true);
    expect(isDatabaseUnavailable(ended)).toBe(true);
  });

  it("is false for a statement the server rejected, and for a pool this process ended", async () => {
    expect(isDatabaseUnavailable(await failure(db.query("SELEKT 1")))).toBe(false);
    expect(isDatabaseUnavailable(await failure(db.query("SELECT 1 FROM no_such_table")))).toBe(false);
    const ended = new pg.Pool({ connectionString: url });
    await ended.end();
    expect(isDatabaseUnavailable(await failure(ended.query("SELECT 1")))).toBe(false);
  });
});

describe("untilDatabaseAnswers", () => {
  it("repeats a call while the database is unavailable, and answers with its first success", async () => {
    let calls = 0;
    const value = await untilDatabaseAnswers(
      "a test read",
      async () => {
        calls++;
        if (calls < 3) await refused();
        return (await db.query("SELECT 42 AS n")).rows[0].n;
      },
      quiet,
    );
    expect([value, calls]).toEqual([42, 3]);
  });

  it("throws any other error at once, and an unavailable one when its time is up", async () => {
    let calls = 0;
    const bad = () => {
      calls++;
      return db.query("SELEKT 1");
    };
    const wrong = await failure(untilDatabaseAnswers("a bad statement", bad, quiet));
    expect([(wrong as { code?: string }).code, calls]).toEqual(["42601", 1]);
    const down = await failure(untilDatabaseAnswers("a read", refused, { ...quiet, giveUpAfterMs: 0 }));
    expect(isDatabaseUnavailable(down)).toBe(true);
  });
});
