import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let regrade: typeof import("./regrade");
let createSubmission: typeof import("../submissions/create-submission").createSubmission;
let listAttempts: typeof import("../submissions/history").listAttempts;
let loadAttempt: typeof import("../submissions/history").loadAttempt;

const EXERCISE = "first-image";
const staff = { id: "tess", name: "Tess", email: "tess@example.test", role: "instructor" as const };
const learnerUser = { id: "lee", name: "Lee", email: "lee@example.test", role: "learner" as const };
const filesOf = (text: string) => [{ path: "Dockerfile", content: `FROM python:3.11-slim\n# ${text}\n` }];

async function insert(row: {
  id: string;
  user: string;
  status: string;
  exercise?: string;
  regradeOf?: string;
  minutesAgo: number;
}) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, $4::jsonb, $5::"SubmissionStatus", $6,
             (now() AT TIME ZONE 'UTC') - make_interval(mins => $7))`,
    [
      row.id,
      row.user,
      row.exercise ?? EXERCISE,
      JSON.stringify(filesOf(row.id)),
      row.status,
      row.regradeOf ?? null,
      row.minutesAgo,
    ],
  );
}

async function regradesOf(originalId: string) {
  return (
    await db.query(
      `SELECT id, "userId", "exerciseSlug", files, status::text, "regradeOfId", "regradeBatchId", "jobId"
         FROM submission WHERE "regradeOfId" = $1 ORDER BY "createdAt"`,
      [originalId],
    )
  ).rows;
}

async function setStatus(ids: string[], status: string) {
  await db.query(`UPDATE submission SET status = $2::"SubmissionStatus" WHERE id = ANY($1)`, [ids, status]);
}

beforeAll(async () => {
  const database = await createTestDatabase("regrade");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  regrade = await import("./regrade");
  ({ createSubmission } = await import("../submissions/create-submission"));
  ({ listAttempts, loadAttempt } = await import("../submissions/history"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "tess", role: "instructor" },
    { id: "lee" },
    { id: "amy" },
    { id: "ben" },
    { id: "cat" },
    { id: "dan" },
    { id: "eve" },
    { id: "ivy", role: "instructor" },
  ]);
  // Tess teaches the learners: staff re-grade their classes' work only.
  await insertClass(db, {
    id: "tess-class",
    instructors: ["tess"],
    learners: ["lee", "amy", "ben", "cat", "dan", "eve"],
  });
});

afterAll(async () => {
  await Promise.all([closeAppConnections(), db?.end()]);
  await drop?.();
});

describe("regradeSubmission", () => {
  it("is NOT_FOUND for an instructor who does not teach the learner, and re-grades nothing", async () => {
    await insert({ id: "eve-own", user: "eve", status: "failed", minutesAgo: 70 });
    const stranger = { id: "ivy", name: "Ivy", email: "ivy@example.test", role: "instructor" as const };
    await expect(regrade.regradeSubmission(stranger, "eve-own")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { rows } = await db.query(`SELECT 1 FROM submission WHERE "regradeOfId" = 'eve-own'`);
    expect(rows).toEqual([]);
    await db.query(`DELETE FROM submission WHERE id = 'eve-own'`);
  });

  it("queues a new submission with the original's learner, exercise and files, below learners' jobs", async () => {
    await insert({ id: "lee1", user: "lee", status: "failed", minutesAgo: 60 });
    const started = await regrade.regradeSubmission(staff, "lee1");
    expect(started).toEqual({ batchId: expect.any(String), total: 1 });

    const [row, ...more] = await regradesOf("lee1");
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      userId: "lee",
      exerciseSlug: EXERCISE,
      files: filesOf("lee1"),
      status: "queued",
      regradeOfId: "lee1",
      regradeBatchId: started.batchId,
    });
    const events = (await db.query(`SELECT type, data FROM submission_event WHERE "submissionId" = $1`, [row.id])).rows;
    expect(events).toEqual([{ type: "status", data: { status: "queued" } }]);
    const job = (await db.query(`SELECT name, data, priority FROM pgboss.job WHERE id = $1`, [row.jobId])).rows[0];
    expect(job).toEqual({ name: "grade-cpu", data: { submissionId: row.id }, priority: -1 });
    const batch = (
      await db.query(`SELECT "exerciseSlug", "requestedById", total FROM regrade_batch WHERE id = $1`, [
        started.batchId,
      ])
    ).rows[0];
    expect(batch).toEqual({ exerciseSlug: EXERCISE, requestedById: "tess", total: 1 });
  });

  it("refuses while a re-grade of the attempt waits, and points a re-grade of a re-grade at the original", async () => {
    const [first] = await regradesOf("lee1");
    await expect(regrade.regradeSubmission(staff, "lee1")).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A re-grade of this submission is already waiting or running.",
    });
    await setStatus([first.id], "passed");
    await regrade.regradeSubmission(staff, first.id);
    const rows = await regradesOf("lee1");
    expect(rows.map((r) => [r.regradeOfId, r.files])).toEqual([
      ["lee1", filesOf("lee1")],
      ["lee1", filesOf("lee1")],
    ]);
  });

  it("refuses an attempt still being graded, an unknown id, and a learner", async () => {
    await insert({ id: "lee2", user: "lee", status: "running", minutesAgo: 50 });
    await expect(regrade.regradeSubmission(staff, "lee2")).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(regrade.regradeSubmission(staff, "nosuchid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(regrade.regradeSubmission(staff, "../x")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(regrade.regradeSubmission(learnerUser, "lee1")).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only instructors can re-grade submissions.",
    });
    await expect(regrade.regradeExercise(learnerUser, EXERCISE)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await regradesOf("lee2")).toEqual([]);
  });
});

describe("the learner's side of a re-grade", () => {
  it("does not count a re-grade as the learner's submission in flight", async () => {
    await setStatus(["lee2"], "failed");
    // lee1 has a queued re-grade (the second one above); the learner may still submit.
    expect((await regradesOf("lee1")).at(-1)?.status).toBe("queued");
    const own = await createSubmission("lee", { exercise: EXERCISE, files: filesOf("own") });
    // Their own submission in flight still blocks a second one.
    await expect(createSubmission("lee", { exercise: EXERCISE, files: filesOf("again") })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // Queued as any job of the queue, the re-grade only lower: same retries, expiry and dead-letter queue.
    const regradeId = (await regradesOf("lee1")).at(-1)!.id;
    const jobs = (
      await db.query(
        `SELECT s.id, j.priority, j.retry_limit, j.expire_in::text, j.dead_letter, j.state::text
           FROM pgboss.job j JOIN submission s ON s."jobId" = j.id::text WHERE s.id = ANY($1)`,
        [[own.id, regradeId]],
      )
    ).rows.map(({ id, ...job }) => [id === own.id ? "own" : "regrade", job]);
    const settings = { retry_limit: 2, expire_in: "00:15:00", dead_letter: "grade-dead", state: "created" };
    expect(Object.fromEntries(jobs)).toEqual({
      own: { ...settings, priority: 0 },
      regrade: { ...settings, priority: -1 },
    });
  });

  it("lists a re-grade in the learner's history with the number of the attempt it grades again", async () => {
    const attempts = await listAttempts("lee", EXERCISE);
    const regrades = await regradesOf("lee1");
    expect(attempts.map((a) => [a.id, a.number, a.regradeOf])).toEqual([
      [expect.any(String), 3, undefined],
      [regrades[1].id, 1, "lee1"],
      [regrades[0].id, 1, "lee1"],
      ["lee2", 2, undefined],
      ["lee1", 1, undefined],
    ]);
    expect(await loadAttempt("lee", EXERCISE, regrades[0].id)).toMatchObject({ number: 1, regradeOf: "lee1" });
    expect((await loadAttempt("lee", EXERCISE, "lee2")).number).toBe(2);
  });

  it("hands out the learners' jobs before re-grades that were queued earlier", async () => {
    const { appBoss } = await import("../queue/app-boss");
    const [job] = await (await appBoss()).fetch<{ submissionId: string }>("grade-cpu");
    const { rows } = await db.query(`SELECT "regradeOfId" FROM submission WHERE id = $1`, [job!.data.submissionId]);
    expect(rows).toEqual([{ regradeOfId: null }]);
  });
});

describe("regradeExercise", () => {
  it("re-grades each learner attempt with a final standing grade once, skipping those in flight", async () => {
    await insert({ id: "amy1", user: "amy", status: "passed", minutesAgo: 40 });
    await insert({ id: "amy2", user: "amy", status: "error", minutesAgo: 39 });
    await insert({ id: "ben1", user: "ben", status: "failed", minutesAgo: 38 });
    // An earlier re-grade of ben1 that finished: ben1 is re-graded again, once, as its original.
    await insert({ id: "ben1r", user: "ben", status: "passed", regradeOf: "ben1", minutesAgo: 30 });
    await insert({ id: "cat1", user: "cat", status: "queued", minutesAgo: 37 });
    await insert({ id: "dan1", user: "dan", status: "failed", minutesAgo: 36 });
    await insert({ id: "dan1r", user: "dan", status: "running", regradeOf: "dan1", minutesAgo: 5 });
    await insert({ id: "eve1", user: "eve", status: "failed", exercise: "layer-order", minutesAgo: 35 });
    await insert({ id: "ivy1", user: "ivy", status: "failed", minutesAgo: 34 });
    await setStatus(
      (await regradesOf("lee1")).map((r) => r.id),
      "failed",
    );
    const lee3 = (
      await db.query(`SELECT id FROM submission WHERE "userId" = 'lee' AND files->0->>'content' LIKE '%own%'`)
    ).rows[0].id;
    await setStatus([lee3], "passed");

    const started = await regrade.regradeExercise(staff, EXERCISE);
    const { rows } = await db.query(
      `SELECT "regradeOfId" FROM submission WHERE "regradeBatchId" = $1 ORDER BY "regradeOfId"`,
      [started.batchId],
    );
    // lee1, lee2 and lee's third attempt; amy1, amy2, ben1. Not: cat1 (queued), dan1 (re-grade running),
    // eve1 (another exercise), ivy1 (an instructor's), nor any re-grade row itself.
    expect(rows.map((r) => r.regradeOfId).sort()).toEqual(["amy1", "amy2", "ben1", "lee1", "lee2", lee3].sort());
    expect(started.total).toBe(6);
    const jobs = (
      await db.query(
        `SELECT j.priority FROM submission s JOIN pgboss.job j ON j.id::text = s."jobId" WHERE s."regradeBatchId" = $1`,
        [started.batchId],
      )
    ).rows;
    expect(jobs).toEqual(Array(6).fill({ priority: -1 }));

    // Every attempt now has a re-grade waiting: nothing is left to start.
    await expect(regrade.regradeExercise(staff, EXERCISE)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(regrade.regradeExercise(staff, "no-such-exercise")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("regradeProgress", () => {
  it("counts the batch's re-grades by status and is done once none waits or runs", async () => {
    const { batchId } = await regrade.regradeSubmission(staff, "eve1");
    expect(await regrade.regradeProgress(staff, batchId)).toEqual({
      exerciseSlug: "layer-order",
      total: 1,
      queued: 1,
      running: 0,
      passed: 0,
      failed: 0,
      error: 0,
      done: false,
    });

    const [batch] = (
      await db.query(`SELECT DISTINCT "regradeBatchId" AS id FROM submission WHERE "regradeOfId" = 'amy1'`)
    ).rows;
    const ids = (
      await db.query(`SELECT id FROM submission WHERE "regradeBatchId" = $1 ORDER BY id`, [batch.id])
    ).rows.map((r) => r.id as string);
    await setStatus(ids.slice(0, 1), "running");
    await setStatus(ids.slice(1, 3), "passed");
    await setStatus(ids.slice(3, 4), "error");
    expect(await regrade.regradeProgress(staff, batch.id)).toMatchObject({
      total: 6,
      queued: 2,
      running: 1,
      passed: 2,
      failed: 0,
      error: 1,
      done: false,
    });
    await setStatus(ids.slice(0, 1), "failed");
    await setStatus(ids.slice(4), "failed");
    expect(await regrade.regradeProgress(staff, batch.id)).toMatchObject({
      queued: 0,
      running: 0,
      failed: 3,
      done: true,
    });
    await expect(regrade.regradeProgress(staff, "nosuchbatch")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another instructor's batch answers as one that does not exist; an admin sees every batch.
    const ivy = { id: "ivy", role: "instructor" as const };
    await expect(regrade.regradeProgress(ivy, batch.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await regrade.regradeProgress({ id: "root", role: "admin" }, batch.id)).toMatchObject({ done: true });
  });
});
