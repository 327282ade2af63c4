import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test-support/db/test-database";
import { typedSql } from "./typed-sql";

let db: pg.Pool;
let url: string;
let drop: () => Promise<void>;
const zoneBefore = process.env.TZ;

beforeAll(async () => {
  const database = await createTestDatabase("typed_sql");
  ({ url, drop } = database);
  db = new pg.Pool({ connectionString: database.url });
  // A machine far from UTC: Node reads TZ again whenever it is set.
  process.env.TZ = "America/New_York";
});

afterAll(async () => {
  process.env.TZ = zoneBefore;
  await db?.end();
  await drop?.();
});

describe("timestamps through typedSql", () => {
  it("are read and written as UTC, as Prisma stores them, whatever zone the process is in", async () => {
    expect(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)).getHours()).not.toBe(3);
    const q = typedSql(db);
    const read = await sql<{ at: Date }>`SELECT '2026-01-02 03:04:05.678'::timestamp(3) AS at`.execute(q);
    expect(read.rows[0]!.at.toISOString()).toBe("2026-01-02T03:04:05.678Z");
    const written = await q
      .selectNoFrom(
        sql<string>`to_char(${new Date("2026-01-02T03:04:05Z")}::timestamp, 'YYYY-MM-DD HH24:MI:SS')`.as("at"),
      )
      .executeTakeFirstOrThrow();
    expect(written.at).toBe("2026-01-02 03:04:05");
    // `now()` stored in a timestamp column is UTC too: the embedded cluster runs with TimeZone UTC.
    const { rows } = await db.query("SHOW TimeZone");
    expect(rows[0].TimeZone).toBe("UTC");
  });
});

describe("the server's zone", () => {
  it("is UTC on every connection, whatever the database's default", async () => {
    const name = new URL(url).pathname.slice(1);
    await db.query(`ALTER DATABASE "${name}" SET TimeZone = 'America/New_York'`);
    const own = new pg.Client({ connectionString: url });
    await own.connect();
    try {
      const { rows } = await own.query("SHOW TimeZone");
      expect(rows[0].TimeZone).toBe("UTC");
      // now() into a timestamp column: UTC, as Prisma reads it.
      const stored = await own.query("SELECT now()::timestamp = (now() AT TIME ZONE 'UTC') AS same");
      expect(stored.rows[0].same).toBe(true);
    } finally {
      await own.end();
      await db.query(`ALTER DATABASE "${name}" RESET TimeZone`);
    }
  });
});

describe("typedSql's clients", () => {
  it("runs on a connection of its own (a host's listener) without connecting it again", async () => {
    const own = new pg.Client({ connectionString: url });
    await own.connect();
    try {
      const q = typedSql(own);
      for (let i = 0; i < 2; i++) {
        expect((await q.selectNoFrom(sql<number>`1`.as("one")).executeTakeFirstOrThrow()).one).toBe(1);
      }
    } finally {
      await own.end();
    }
  });
});
