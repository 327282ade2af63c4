import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/db/test-database";
import { submissionInFlight } from "./submission-in-flight";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("inflight");
  db = new pg.Pool({ connectionString: database.url });
  await db.query(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ('u', 'u', 'u@example.test', now())`);
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt") VALUES
       ('alive', 'h', 1, 0, '{grade-cpu}', 'running', now()),
       ('killed', 'h', 1, 0, '{grade-cpu}', 'running', now() - interval '5 minutes'),
       ('stopped', 'h', 1, 0, '{grade-cpu}', 'stopped', now())`,
  );
  const rows: [string, string, string | null][] = [
    ["queued", "queued", null],
    ["on-alive", "running", "alive"],
    ["on-killed", "running", "killed"],
    ["on-stopped", "running", "stopped"],
    ["done", "passed", "alive"],
  ];
  for (const [id, status, runner] of rows) {
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, ` +
        `"runnerId") VALUES ($1, 'u', 'x', '[]', $2, $3)`,
      [id, status, runner],
    );
  }
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

describe("submissionInFlight", () => {
  it("keeps the resources of queued submissions and of those a live runner is grading", async () => {
    const inFlight = submissionInFlight(db);
    expect(await inFlight("queued")).toBe(true);
    expect(await inFlight("on-alive")).toBe(true);
  });

  it("releases those of finished submissions and of runners that were killed or stopped mid-job", async () => {
    const inFlight = submissionInFlight(db);
    expect(await inFlight("done")).toBe(false);
    expect(await inFlight("on-killed")).toBe(false);
    expect(await inFlight("on-stopped")).toBe(false);
  });

  it(
    "treats ids the database does not know (command-line grading) as in " + "flight; the age limit covers them",
    async () => {
      expect(await submissionInFlight(db)("cli-1234")).toBe(true);
    },
  );
});
