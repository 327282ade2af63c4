import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { labFixtures } from "../labs/testing/lab-fixtures";
import { SESSION_KIND_RULES } from "./session-kinds";
import type { SessionStatus } from "./session-lifecycle";
import { listSessionEventsAfter } from "./session-store";
import { closeStrandedSessions } from "./stranded-sessions";

let database: TestDatabase;
let db: pg.Pool;
let labs: ReturnType<typeof labFixtures>;

beforeAll(async () => {
  database = await createTestDatabase("strandedsessions");
  db = new pg.Pool({ connectionString: database.url });
  labs = labFixtures(db);
  await insertUsers(db, [{ id: "u" }, { id: "v" }]);
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt") VALUES
       ('alive', 'h', 1, 0, '{grade-cpu}', 'running', now()),
       ('killed', 'h', 1, 0, '{grade-cpu}', 'running', now() - interval '5 minutes'),
       ('stopped', 'h', 1, 0, '{grade-cpu}', 'stopped', now())`,
  );
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status)
     VALUES ('shell-sub', 'u', 'x', '[]', 'passed')`,
  );
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

/** A shell in the given state, held by `runnerId`, created `age` ago (a PostgreSQL interval). */
async function shell(status: SessionStatus, runnerId: string | null, age = "0 seconds", userId = "u") {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId", status, "runnerId", "createdAt")
     VALUES (gen_random_uuid()::text, 'shell', $4, 'shell-sub', 'e', $1::"SessionStatus", $2, now() - $3::interval)
     RETURNING id`,
    [status, runnerId, age, userId],
  );
  return rows[0]!.id;
}

const stateOf = async (id: string) =>
  (await db.query(`SELECT status::text, "closeReason" FROM sandbox_session WHERE id = $1`, [id])).rows[0];

const { shell: SHELL, lab: LAB } = SESSION_KIND_RULES;

describe("closeStrandedSessions", () => {
  it("closes every kind's sessions whose host died, stopped or never beat, in one sweep, saying why", async () => {
    const shellOnKilled = await shell("open", "killed");
    const shellStartingOnStopped = await shell("starting", "stopped");
    const shellOnUnknown = await shell("open", "never-beat");
    const shellOnAlive = await shell("open", "alive");
    const labOnKilled = await labs.lab("u", { status: "open", runnerId: "killed" });
    const labStartingOnStopped = await labs.lab("u", { status: "starting", runnerId: "stopped" });
    const labOnUnknown = await labs.lab("u", { status: "open", runnerId: "never-beat" });
    const labOnAlive = await labs.lab("u", { status: "open", runnerId: "alive" });

    const closed = await closeStrandedSessions(db);
    expect(closed).toEqual(
      expect.arrayContaining([
        { sessionId: shellOnKilled, kind: "shell", why: "runner-dead" },
        { sessionId: shellStartingOnStopped, kind: "shell", why: "runner-dead" },
        { sessionId: shellOnUnknown, kind: "shell", why: "runner-dead" },
        { sessionId: labOnKilled, kind: "lab", why: "runner-dead" },
        { sessionId: labStartingOnStopped, kind: "lab", why: "runner-dead" },
        { sessionId: labOnUnknown, kind: "lab", why: "runner-dead" },
      ]),
    );
    expect(closed).toHaveLength(6);

    // Each kind says it in its own words: a shell's container is removed, a lab's whole engine is gone.
    const shellReason = (await stateOf(shellOnKilled)).closeReason;
    expect(shellReason).toMatch(/^The grading machine serving this shell stopped/);
    expect(shellReason).toBe(SHELL.reasons.hostDead);
    const labReason = (await stateOf(labOnKilled)).closeReason;
    expect(labReason).toMatch(/^The machine running your lab stopped answering/);
    expect(labReason).toContain("is gone");
    expect(labReason).toBe(LAB.reasons.hostDead);
    for (const id of [shellOnKilled, shellStartingOnStopped, shellOnUnknown]) {
      expect(await stateOf(id)).toEqual({ status: "closed", closeReason: shellReason });
    }
    for (const id of [labOnKilled, labStartingOnStopped, labOnUnknown]) {
      expect(await stateOf(id)).toEqual({ status: "closed", closeReason: labReason });
    }
    // Closed through the lifecycle: the pages following them read the close and why.
    expect((await listSessionEventsAfter(db, shellOnUnknown, "0")).map((e) => e.data)).toEqual([
      { status: "closed", message: shellReason },
    ]);
    expect((await listSessionEventsAfter(db, labOnUnknown, "0")).map((e) => e.data)).toEqual([
      { status: "closed", message: labReason },
    ]);
    expect(await stateOf(shellOnAlive)).toEqual({ status: "open", closeReason: null });
    expect(await stateOf(labOnAlive)).toEqual({ status: "open", closeReason: null });
    // Closed once: the next sweep finds nothing.
    expect(await closeStrandedSessions(db)).toEqual([]);
  });

  it("closes a shell nobody claimed within its claim time, and lets a queued lab wait however long", async () => {
    expect(SHELL.claimSeconds).toBeDefined();
    expect(LAB.claimSeconds).toBeUndefined();
    const unclaimed = await shell("queued", null, `${SHELL.claimSeconds! + 5} seconds`);
    const fresh = await shell("queued", null);
    // Waiting a day is waiting: the queue is honest, and the page says where the lab stands.
    const longQueued = await labs.lab("u", { status: "queued", age: "1 day" });

    expect(await closeStrandedSessions(db)).toEqual([{ sessionId: unclaimed, kind: "shell", why: "unclaimed" }]);
    const { closeReason } = await stateOf(unclaimed);
    expect(closeReason).toMatch(/^No grading machine that holds this image started the shell/);
    expect(closeReason).toBe(SHELL.reasons.unclaimed);
    expect(await stateOf(fresh)).toEqual({ status: "queued", closeReason: null });
    expect(await stateOf(longQueued)).toEqual({ status: "queued", closeReason: null });
    expect(await closeStrandedSessions(db)).toEqual([]);
  });

  it("closes only the given account's sessions when asked for one; the runner-wide sweep closes the rest", async () => {
    const myShell = await shell("open", "killed", "0 seconds", "u");
    const myLab = await labs.lab("u", { status: "open", runnerId: "killed" });
    const theirShell = await shell("open", "killed", "0 seconds", "v");
    const theirLab = await labs.lab("v", { status: "open", runnerId: "killed" });

    const theirs = await closeStrandedSessions(db, { userId: "v" });
    expect(theirs).toEqual(
      expect.arrayContaining([
        { sessionId: theirShell, kind: "shell", why: "runner-dead" },
        { sessionId: theirLab, kind: "lab", why: "runner-dead" },
      ]),
    );
    expect(theirs).toHaveLength(2);
    expect((await stateOf(myShell)).status).toBe("open");
    expect((await stateOf(myLab)).status).toBe("open");

    const rest = await closeStrandedSessions(db);
    expect(rest).toEqual(
      expect.arrayContaining([
        { sessionId: myShell, kind: "shell", why: "runner-dead" },
        { sessionId: myLab, kind: "lab", why: "runner-dead" },
      ]),
    );
    expect(rest).toHaveLength(2);
  });
});
