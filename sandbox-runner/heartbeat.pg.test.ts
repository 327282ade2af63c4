import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/db/test-database";
import { beat, type RunnerIdentity } from "./heartbeat";

let database: TestDatabase;
let db: pg.Pool;
const identity: RunnerIdentity = { id: "r1", hostname: "h", concurrency: 1, gpus: 0, queues: ["grade-cpu"] };

beforeAll(async () => {
  database = await createTestDatabase("heartbeat");
  db = new pg.Pool({ connectionString: database.url });
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

const row = async () =>
  (
    await db.query<{ labCapacity: number; activeLabs: number; activeJobs: number }>(
      `SELECT "labCapacity", "activeLabs", "activeJobs" FROM runner_heartbeat WHERE id = 'r1'`,
    )
  ).rows[0];

describe("beat", () => {
  it("advertises the labs a lab host can hold and serves, and none for a runner without labs", async () => {
    await beat(db, identity, { state: "running", activeJobs: 0 });
    expect(await row()).toEqual({ labCapacity: 0, activeLabs: 0, activeJobs: 0 });
    await beat(db, identity, { state: "running", activeJobs: 1, labs: { capacity: 8, active: 3 } });
    expect(await row()).toEqual({ labCapacity: 8, activeLabs: 3, activeJobs: 1 });
    await beat(db, identity, { state: "running", activeJobs: 0, labs: { capacity: 8, active: 2 } });
    expect(await row()).toEqual({ labCapacity: 8, activeLabs: 2, activeJobs: 0 });
  });
});
