import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test-support/db/test-database";
import { EventSink } from "./event-sink";

let db: pg.Pool;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase("sink");
  drop = database.drop;
  db = new pg.Pool({ connectionString: database.url });
  await db.query(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ('u', 'U', 'u@example.test', now())`);
});

afterAll(async () => {
  await db?.end();
  await drop?.();
});

async function submission(): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files) VALUES ` +
      `(gen_random_uuid()::text, 'u', 'x', '[]') RETURNING id`,
  );
  return rows[0]!.id;
}

async function storedLog(id: string): Promise<string> {
  const { rows } = await db.query(
    `SELECT data FROM submission_event WHERE "submissionId" = $1 AND type = 'log' ORDER BY id`,
    [id],
  );
  return rows.map((r) => r.data.text).join("");
}

describe("EventSink", () => {
  it("caps a log flood at the limit and says so once", async () => {
    const id = await submission();
    const sink = new EventSink(db, id, 64 * 1024);
    for (let i = 0; i < 2_000; i++) sink.log(`${"y".repeat(99)}\n`); // ~200 KB offered
    await sink.drain();
    const log = await storedLog(id);
    expect(sink.truncated).toBe(true);
    expect(Buffer.byteLength(log)).toBeLessThan(64 * 1024 + 200);
    expect(log.match(/\[log truncated/g)).toHaveLength(1);
  });

  it("stores coloured tool output as plain text", async () => {
    const id = await submission();
    const sink = new EventSink(db, id, 1024 * 1024);
    sink.log("\u001b[91mERROR: No matching distribution found for flask\u001b[0m\n");
    sink.log("\u001b]0;title\u0007done [1/2]\u001b[2K");
    await sink.drain();
    expect(await storedLog(id)).toBe("ERROR: No matching distribution found for flask\ndone [1/2]");
  });

  it("stores a program's links, clipboard writes and NUL characters as plain text, losing no line", async () => {
    const id = await submission();
    const sink = new EventSink(db, id, 1024 * 1024);
    sink.log("before\u0000\n");
    // A link whose target holds characters other strippers stop at, split between two pieces of output.
    sink.log("\u001b]8;;javascript:alert('osc8')\u0007label\u001b]8");
    sink.log(";;\u0007 \u001b]52;c;PHNjcmlwdD4+\u0007<b>bold</b>\n");
    await sink.drain();
    expect(await storedLog(id)).toBe("before\nlabel <b>bold</b>\n");
  });

  it("keeps events in the order they were emitted, logs batched between them", async () => {
    const id = await submission();
    const sink = new EventSink(db, id, 1024 * 1024);
    sink.log("a");
    await sink.emit({ type: "phase", data: { name: "build", state: "started" } });
    sink.log("b");
    sink.log("c");
    await sink.emit({ type: "phase", data: { name: "build", state: "finished" } });
    await sink.drain();
    const { rows } = await db.query(`SELECT type, data FROM submission_event WHERE "submissionId" = $1 ORDER BY id`, [
      id,
    ]);
    const order = rows.map((r) => (r.type === "log" ? `log:${r.data.text}` : `${r.type}:${r.data.state}`));
    expect(order).toEqual(["log:a", "phase:started", "log:bc", "phase:finished"]);
  });
});
