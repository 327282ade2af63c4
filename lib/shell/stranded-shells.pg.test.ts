import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { closeStrandedSessions } from "../sessions/stranded-sessions";
import { SHELL_LIMITS } from "./shell-limits";
import { SHELL_SESSIONS } from "./shell-store";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("stranded");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "u" }, { id: "v" }]);
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt") VALUES
       ('alive', 'h', 1, 0, '{grade-cpu}', 'running', now()),
       ('killed', 'h', 1, 0, '{grade-cpu}', 'running', now() - interval '5 minutes'),
       ('stopped', 'h', 1, 0, '{grade-cpu}', 'stopped', now())`,
  );
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

describe("closing stranded shells", () => {
  async function shell(status: string, runnerId: string | null, age = "0 seconds", userId = "u"): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO shell_session (id, "userId", "submissionId", "engineId", status, "runnerId", "createdAt")
       VALUES (gen_random_uuid()::text, $4, 'shell-sub', 'e', $1::"ShellStatus", $2, now() - $3::interval)
       RETURNING id`,
      [status, runnerId, age, userId],
    );
    return rows[0]!.id;
  }
  const reasonOf = async (id: string) =>
    (await db.query(`SELECT status, "closeReason" FROM shell_session WHERE id = $1`, [id])).rows[0];

  it("closes dead runners' shells and requests nobody claimed in time, saying why, and no others", async () => {
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status)
       VALUES ('shell-sub', 'u', 'x', '[]', 'passed')`,
    );
    const onKilled = await shell("open", "killed");
    const startingOnStopped = await shell("starting", "stopped");
    const onUnknown = await shell("open", "never-beat");
    const onAlive = await shell("open", "alive");
    const unclaimed = await shell("requested", null, `${SHELL_LIMITS.claimSeconds + 5} seconds`);
    const fresh = await shell("requested", null);

    const closed = await closeStrandedSessions(db, SHELL_SESSIONS);
    expect(closed).toEqual(
      expect.arrayContaining([
        { sessionId: onKilled, why: "runner-dead" },
        { sessionId: startingOnStopped, why: "runner-dead" },
        { sessionId: onUnknown, why: "runner-dead" },
        { sessionId: unclaimed, why: "unclaimed" },
      ]),
    );
    expect(closed).toHaveLength(4);
    expect(await reasonOf(onKilled)).toMatchObject({ status: "closed" });
    expect((await reasonOf(onKilled)).closeReason).toMatch(/^The grading machine serving this shell stopped/);
    expect((await reasonOf(unclaimed)).closeReason).toMatch(
      /^No grading machine that holds this image started the shell/,
    );
    expect(await reasonOf(onAlive)).toMatchObject({ status: "open", closeReason: null });
    expect(await reasonOf(fresh)).toMatchObject({ status: "requested" });
    // Closed once: the next sweep finds nothing.
    expect(await closeStrandedSessions(db, SHELL_SESSIONS)).toEqual([]);
  });

  it("closes only the given account's shells when asked for one", async () => {
    const mine = await shell("open", "killed", "0 seconds", "u");
    const theirs = await shell("open", "killed", "0 seconds", "v");
    expect(await closeStrandedSessions(db, SHELL_SESSIONS, { userId: "v" })).toEqual([
      { sessionId: theirs, why: "runner-dead" },
    ]);
    expect(await reasonOf(mine)).toMatchObject({ status: "open" });
    await closeStrandedSessions(db, SHELL_SESSIONS);
  });
});
