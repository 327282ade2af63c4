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
    await db.query<{ labCapacity: number; activeLabs: number; activeJobs: number; hosts: string[] }>(
      `SELECT "labCapacity", "activeLabs", "activeJobs", hosts FROM runner_heartbeat WHERE id = 'r1'`,
    )
  ).rows[0];

describe("beat", () => {
  it("advertises the labs a lab host can hold and serves, and none for a runner without labs", async () => {
    await beat(db, identity, { state: "running", hosts: ["grade"], activeJobs: 0 });
    expect(await row()).toEqual({ labCapacity: 0, activeLabs: 0, activeJobs: 0, hosts: ["grade"] });
    const labs = { capacity: 8, active: 3 };
    await beat(db, identity, { state: "running", hosts: ["grade", "lab"], activeJobs: 1, labs });
    expect(await row()).toEqual({ labCapacity: 8, activeLabs: 3, activeJobs: 1, hosts: ["grade", "lab"] });
    await beat(db, identity, { state: "running", hosts: ["lab"], activeJobs: 0, labs: { capacity: 8, active: 2 } });
    expect(await row()).toEqual({ labCapacity: 8, activeLabs: 2, activeJobs: 0, hosts: ["lab"] });
  });

  it("advertises the shells a shell host can hold and serves", async () => {
    const shells = { capacity: 20, active: 4 };
    await beat(db, identity, { state: "running", hosts: ["shell"], activeJobs: 0, shells });
    const { rows } = await db.query(`SELECT "shellCapacity", "activeShells" FROM runner_heartbeat WHERE id = 'r1'`);
    expect(rows[0]).toEqual({ shellCapacity: 20, activeShells: 4 });
  });

  it("advertises what the runner is now when it comes back under the same id with other hosts", async () => {
    await beat(db, identity, { state: "running", hosts: ["grade", "shell"], activeJobs: 0 });
    await beat(db, { ...identity, concurrency: 0, queues: [] }, { state: "running", hosts: ["shell"], activeJobs: 0 });
    const { rows } = await db.query(`SELECT concurrency, queues, hosts FROM runner_heartbeat WHERE id = 'r1'`);
    expect(rows[0]).toEqual({ concurrency: 0, queues: [], hosts: ["shell"] });
  });
});
