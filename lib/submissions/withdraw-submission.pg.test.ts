import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { CurrentUser } from "../auth/current-user";

let db: pg.Pool;
let drop: () => Promise<void>;
let createSubmission: typeof import("./create-submission").createSubmission;
let withdrawSubmission: typeof import("./withdraw-submission").withdrawSubmission;

const dockerfile = { path: "Dockerfile", content: "FROM python:3.11-slim\n" };
const learner = (id: string) => ({ id, name: id, email: `${id}@example.test`, role: "learner" }) as CurrentUser;

beforeAll(async () => {
  const database = await createTestDatabase("withdraw");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("./create-submission"));
  ({ withdrawSubmission } = await import("./withdraw-submission"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "ann" }, { id: "ben" }]);
});

afterAll(async () => {
  await Promise.all([closeAppConnections(), db?.end()]);
  await drop?.();
});

const stateOf = async (id: string) =>
  (
    await db.query(
      `SELECT s.status, j.state AS job FROM submission s LEFT JOIN pgboss.job j ON j.id = s."jobId"::uuid
        WHERE s.id = $1`,
      [id],
    )
  ).rows[0];

describe("withdrawSubmission", () => {
  it("takes back a waiting submission: never graded, its job cancelled, and the learner may submit again", async () => {
    const { id } = await createSubmission("ann", { exercise: "first-image", files: [dockerfile] });
    await expect(withdrawSubmission(learner("ben"), id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(withdrawSubmission(learner("ann"), id)).resolves.toEqual({ status: "withdrawn" });
    expect(await stateOf(id)).toEqual({ status: "withdrawn", job: "cancelled" });
    const events = (await db.query(`SELECT data FROM submission_event WHERE "submissionId" = $1 ORDER BY id`, [id]))
      .rows;
    expect(events.at(-1)).toEqual({ data: { status: "withdrawn", message: expect.stringMatching(/not graded/) } });
    await expect(withdrawSubmission(learner("ann"), id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This submission can no longer be withdrawn: it is already withdrawn.",
    });
    await expect(createSubmission("ann", { exercise: "first-image", files: [dockerfile] })).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("refuses once a grader has started it", async () => {
    const { id } = await createSubmission("ben", { exercise: "first-image", files: [dockerfile] });
    await db.query(`UPDATE submission SET status = 'running' WHERE id = $1`, [id]);
    await expect(withdrawSubmission(learner("ben"), id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already started/),
    });
    expect((await stateOf(id)).status).toBe("running");
  });

  it("takes the waiting GPU grading with its attempt", async () => {
    await insertUsers(db, [{ id: "cat" }]);
    const compose = { path: "compose.yaml", content: "services:\n  train:\n    build: .\n" };
    const { id } = await createSubmission("cat", { exercise: "gpu-training-job", files: [compose] });
    const { rows } = await db.query(`SELECT id FROM submission WHERE "regradeOfId" = $1 AND "gpuFollowUp"`, [id]);
    expect(rows).toHaveLength(1);
    await withdrawSubmission(learner("cat"), id);
    expect(await stateOf(rows[0].id)).toEqual({ status: "withdrawn", job: "cancelled" });
  });

  it("leaves an instructor's re-grade to staff, and says nothing of a malformed id", async () => {
    const { id } = await createSubmission("cat", { exercise: "layer-order", files: [dockerfile] });
    const batch = await db.query(
      `INSERT INTO regrade_batch (id, "exerciseSlug", "requestedById", total) VALUES ('b1', 'layer-order', 'cat', 1)
       RETURNING id`,
    );
    await db.query(`UPDATE submission SET "regradeBatchId" = $2 WHERE id = $1`, [id, batch.rows[0].id]);
    await expect(withdrawSubmission(learner("cat"), id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(withdrawSubmission(learner("cat"), "no such\u0000id")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
