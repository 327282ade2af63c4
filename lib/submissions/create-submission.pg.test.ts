import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let createSubmission: typeof import("./create-submission").createSubmission;

const dockerfile = { path: "Dockerfile", content: "FROM python:3.11-slim\n" };

beforeAll(async () => {
  const database = await createTestDatabase("submit");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("./create-submission"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
});

afterAll(async () => {
  await Promise.all([closeAppConnections(), db?.end()]);
  await drop?.();
});

describe("createSubmission", () => {
  it("stores the row, a queued event and a grade-cpu job carrying only the id", async () => {
    const { id } = await createSubmission("alice", { exercise: "first-image", files: [dockerfile] });
    const row = (await db.query(`SELECT status, "jobId", files FROM submission WHERE id = $1`, [id])).rows[0];
    expect(row.status).toBe("queued");
    expect(row.files).toEqual([dockerfile]);
    const job = (await db.query(`SELECT name, data FROM pgboss.job WHERE id = $1`, [row.jobId])).rows[0];
    expect(job).toEqual({ name: "grade-cpu", data: { submissionId: id } });
    const events = (await db.query(`SELECT type, data FROM submission_event WHERE "submissionId" = $1`, [id])).rows;
    expect(events).toEqual([{ type: "status", data: { status: "queued" } }]);
  });

  it("refuses a second submission while the first is still being graded", async () => {
    await createSubmission("bob", { exercise: "first-image", files: [dockerfile] });
    await expect(createSubmission("bob", { exercise: "first-image", files: [dockerfile] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You already have a submission being graded. Wait for its result before submitting again.",
    });
  });

  it(
    "serialises a learner's submissions on a per-learner lock, so " + "simultaneous submits can't both pass the check",
    async () => {
      await insertUsers(db, [{ id: "carol" }]);
      const holder = await db.connect();
      await holder.query("BEGIN");
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('submit:carol'))`);
      let pending: Promise<{ id: string }> | undefined;
      try {
        pending = createSubmission("carol", { exercise: "first-image", files: [dockerfile] });
        const first = await Promise.race([
          pending.then(() => "finished"),
          new Promise((r) => setTimeout(() => r("waiting"), 1_000)),
        ]);
        expect(first).toBe("waiting");
      } finally {
        await holder.query("COMMIT");
        holder.release();
      }
      await expect(pending).resolves.toMatchObject({ id: expect.any(String) });
    },
  );

  it("stores nothing for invalid input", async () => {
    await expect(
      createSubmission("alice", { exercise: "no-such-exercise", files: [dockerfile] }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      createSubmission("alice", { exercise: "first-image", files: [{ path: "Dockerfile", content: "FORM x\n" }] }),
    ).rejects.toMatchObject({
      code: "INVALID_DOCKERFILE",
    });
    const count = (await db.query(`SELECT count(*)::int AS n FROM submission WHERE "userId" = 'alice'`)).rows[0].n;
    expect(count).toBe(1);
  });
});
