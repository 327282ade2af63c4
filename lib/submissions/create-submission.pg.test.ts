import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let createSubmission: typeof import("./create-submission").createSubmission;
let NO_GPU_GRADER_NOTICE: string;

const dockerfile = { path: "Dockerfile", content: "FROM python:3.11-slim\n" };

beforeAll(async () => {
  const database = await createTestDatabase("submit");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("./create-submission"));
  ({ NO_GPU_GRADER_NOTICE } = await import("./grading-plan"));
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

  it("refuses a second submission of an exercise while the first waits, takes other exercises", async () => {
    const first = await createSubmission("bob", { exercise: "first-image", files: [dockerfile] });
    await expect(createSubmission("bob", { exercise: "first-image", files: [dockerfile] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(
        /^Your last submission of this exercise is still waiting for a grader\. .*withdraw/,
      ),
      details: { submissionId: first.id, status: "queued" },
    });
    await expect(createSubmission("bob", { exercise: "layer-order", files: [dockerfile] })).resolves.toMatchObject({
      id: expect.any(String),
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

  describe("an exercise with GPU checks", () => {
    const compose = {
      path: "compose.yaml",
      content: readFileSync("content/exercises/gpu-training-job/solution/compose.yaml", "utf8"),
    };
    const jobOf = async (id: string) =>
      (
        await db.query(
          `SELECT j.name, j.priority, s.status, s."regradeOfId", s."gpuFollowUp"
             FROM submission s JOIN pgboss.job j ON j.id = s."jobId"::uuid WHERE s.id = $1`,
          [id],
        )
      ).rows[0];

    it("with no GPU runner online: graded on a CPU runner at once, told so; GPU grading waits", async () => {
      await insertUsers(db, [{ id: "dana" }]);
      const { id } = await createSubmission("dana", { exercise: "gpu-training-job", files: [compose] });
      expect(await jobOf(id)).toMatchObject({ name: "grade-cpu", priority: 0, regradeOfId: null, gpuFollowUp: false });
      const events = (await db.query(`SELECT data FROM submission_event WHERE "submissionId" = $1`, [id])).rows;
      expect(events).toEqual([{ data: { status: "queued", message: NO_GPU_GRADER_NOTICE } }]);
      const followUps = (await db.query(`SELECT id FROM submission WHERE "regradeOfId" = $1`, [id])).rows;
      expect(followUps).toHaveLength(1);
      expect(await jobOf(followUps[0].id)).toMatchObject({
        name: "grade-gpu",
        priority: -1,
        status: "queued",
        gpuFollowUp: true,
      });
      // The waiting GPU grading is not the learner's own submission: once the CPU one has a result, they go on.
      await db.query(`UPDATE submission SET status = 'failed' WHERE id = $1`, [id]);
      await expect(createSubmission("dana", { exercise: "gpu-training-job", files: [compose] })).resolves.toMatchObject(
        { id: expect.any(String) },
      );
    });

    it("with a GPU runner taking jobs: queued for it, with no second grading", async () => {
      await insertUsers(db, [{ id: "erin" }]);
      await db.query(
        `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state)
         VALUES ('gpu-runner', 'gpu-host', 1, 1, ARRAY['grade-cpu', 'grade-gpu'], 'running')`,
      );
      try {
        const { id } = await createSubmission("erin", { exercise: "gpu-training-job", files: [compose] });
        expect(await jobOf(id)).toMatchObject({ name: "grade-gpu", priority: 0 });
        const events = (await db.query(`SELECT data FROM submission_event WHERE "submissionId" = $1`, [id])).rows;
        expect(events).toEqual([{ data: { status: "queued" } }]);
        expect((await db.query(`SELECT id FROM submission WHERE "regradeOfId" = $1`, [id])).rows).toEqual([]);
        // A GPU runner that has stopped beating is no runner: the next learner is graded on a CPU runner.
        await db.query(`UPDATE runner_heartbeat SET "lastSeenAt" = now() - interval '1 hour'`);
        await insertUsers(db, [{ id: "finn" }]);
        const late = await createSubmission("finn", { exercise: "gpu-training-job", files: [compose] });
        expect(await jobOf(late.id)).toMatchObject({ name: "grade-cpu" });
      } finally {
        await db.query(`DELETE FROM runner_heartbeat`);
      }
    });
  });
});
