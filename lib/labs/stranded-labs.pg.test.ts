import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { closeStrandedSessions } from "../sessions/stranded-sessions";
import { LAB_SESSIONS, listLabEventsAfter } from "./lab-store";
import { labFixtures } from "./testing/lab-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;

beforeAll(async () => {
  database = await createTestDatabase("strandedlabs");
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [{ id: "u" }, { id: "v" }]);
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

const stateOf = async (id: string) =>
  (await db.query(`SELECT status::text, "closeReason" FROM lab_session WHERE id = $1`, [id])).rows[0];

describe("closing stranded labs", () => {
  it("closes labs whose host died, saying their work is gone, and keeps live hosts' labs and the queue", async () => {
    const alive = await fixtures.runner();
    const dead = await fixtures.runner({ alive: false });
    await db.query(`INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt")
                    VALUES ('stopped', 'lab-host', 1, 0, '{}', 'stopped', now())`);
    const onDead = await fixtures.lab("u", { status: "open", runnerId: dead });
    const startingOnStopped = await fixtures.lab("u", { status: "starting", runnerId: "stopped" });
    const onUnknown = await fixtures.lab("u", { status: "open", runnerId: "never-beat" });
    const onAlive = await fixtures.lab("u", { status: "open", runnerId: alive });
    // Waiting a day is waiting: the queue is honest, and the page says where the lab stands.
    const longQueued = await fixtures.lab("u", { status: "queued", age: "1 day" });

    const closed = await closeStrandedSessions(db, LAB_SESSIONS);
    expect(closed.map((c) => c.sessionId).sort()).toEqual([onDead, startingOnStopped, onUnknown].sort());
    expect(closed.map((c) => c.why)).toEqual(["runner-dead", "runner-dead", "runner-dead"]);
    const reason = (await stateOf(onDead)).closeReason;
    expect(reason).toMatch(/^The machine running your lab stopped answering/);
    expect(reason).toContain("is gone");
    expect(await stateOf(startingOnStopped)).toEqual({ status: "closed", closeReason: reason });
    expect((await listLabEventsAfter(db, onUnknown, "0")).map((e) => e.data)).toEqual([
      { status: "closed", message: reason },
    ]);
    expect(await stateOf(onAlive)).toEqual({ status: "open", closeReason: null });
    expect(await stateOf(longQueued)).toEqual({ status: "queued", closeReason: null });
    // Closed once: the next sweep finds nothing.
    expect(await closeStrandedSessions(db, LAB_SESSIONS)).toEqual([]);
  });

  it("closes only the given account's labs when asked for one", async () => {
    const dead = await fixtures.runner({ alive: false });
    const mine = await fixtures.lab("u", { status: "open", runnerId: dead });
    const theirs = await fixtures.lab("v", { status: "open", runnerId: dead });
    expect(await closeStrandedSessions(db, LAB_SESSIONS, { userId: "v" })).toEqual([
      { sessionId: theirs, why: "runner-dead" },
    ]);
    expect((await stateOf(mine)).status).toBe("open");
    expect(await closeStrandedSessions(db, LAB_SESSIONS)).toEqual([{ sessionId: mine, why: "runner-dead" }]);
  });
});
