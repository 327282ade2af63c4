import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { appendEvent, listEventsAfter } from "./event-log";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("eventlog");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "u" }]);
  await db.query(`INSERT INTO submission (id, "userId", "exerciseSlug", files) VALUES ('s', 'u', 'x', '[]')`);
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

describe("listEventsAfter", () => {
  it("returns events in the order they were appended, also where their ids gain a digit", async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `line ${i + 1}\n`);
    for (const text of texts) await appendEvent(db, "s", { type: "log", data: { text } });
    const events = await listEventsAfter(db, "s", "0");
    expect(events.map((e) => (e.type === "log" ? e.data.text : e.type))).toEqual(texts);
    const page = await listEventsAfter(db, "s", events[7]!.id, 3);
    expect(page.map((e) => e.id)).toEqual(events.slice(8, 11).map((e) => e.id));
  });
});
