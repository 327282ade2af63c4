import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { readWarmUp, recordWarmUp } from "./warm-up-store";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("warm_up");
  db = new pg.Pool({ connectionString: database.url });
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

beforeEach(async () => {
  await db.query("DELETE FROM platform_warm_up");
});

const host = "vm";
const startedAt = async (part: string) =>
  (await db.query<{ s: string }>(`SELECT "startedAt"::text AS s FROM platform_warm_up WHERE part = $1`, [part])).rows[0]
    ?.s;

describe("the warm-up's rows", () => {
  it("reads back what the supervisor recorded, part by part", async () => {
    await recordWarmUp(db, { part: "baseImages", state: "warming", detail: "seeding", hostname: host, begins: true });
    await recordWarmUp(db, { part: "labHost", state: "off", detail: "RUNNER_LABS=off", hostname: host, begins: true });
    expect(await readWarmUp(db)).toEqual({
      warming: true,
      parts: {
        baseImages: { state: "warming", detail: "seeding", seconds: 0 },
        labHost: { state: "off", detail: "RUNNER_LABS=off", seconds: 0 },
      },
    });
    await recordWarmUp(db, { part: "baseImages", state: "ready", detail: null, hostname: host });
    expect((await readWarmUp(db)).warming).toBe(false);
  });

  it("counts a part's seconds from its last change of state, or from a new npm start", async () => {
    await recordWarmUp(db, { part: "baseImages", state: "warming", detail: "a", hostname: host, begins: true });
    await db.query(`UPDATE platform_warm_up SET "startedAt" = "startedAt" - interval '90 seconds'`);
    const warming = await startedAt("baseImages");
    // Progress within the same state keeps the clock.
    await recordWarmUp(db, { part: "baseImages", state: "warming", detail: "b", hostname: host });
    expect(await startedAt("baseImages")).toBe(warming);
    expect((await readWarmUp(db)).parts.baseImages?.seconds).toBeGreaterThanOrEqual(90);
    // A killed run left it warming; the next npm start begins it again.
    await recordWarmUp(db, { part: "baseImages", state: "warming", detail: "c", hostname: host, begins: true });
    expect(await startedAt("baseImages")).not.toBe(warming);
    expect((await readWarmUp(db)).parts.baseImages?.seconds).toBeLessThan(5);
  });

  it("leaves out a row it does not understand rather than failing the health check", async () => {
    await db.query(
      `INSERT INTO platform_warm_up (part, state, hostname) VALUES ('gpuDrivers', 'warming', 'vm'),
                                                                   ('labHost', 'sleepy', 'vm')`,
    );
    expect(await readWarmUp(db)).toEqual({ warming: false, parts: {} });
  });
});
