import pg from "pg";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { CurrentUser } from "../auth/current-user";
import { type GradeJob, QUEUES } from "../queue/queues";

/** Where a queued submission stands, on the real queue: pg-boss's own order, the live graders, recent gradings. */
let db: pg.Pool;
let drop: () => Promise<void>;
let boss: PgBoss;
let createSubmission: typeof import("./create-submission").createSubmission;
let queueStanding: typeof import("./queue-standing").queueStanding;
let submissionQueueStanding: typeof import("./queue-standing").submissionQueueStanding;

const learner = (id: string): CurrentUser => ({ id, name: id, email: `${id}@example.test`, role: "learner" });
const submit = async (user: string) =>
  (
    await createSubmission(user, {
      exercise: "first-image",
      files: [{ path: "Dockerfile", content: "FROM python:3.11-slim\n" }],
    })
  ).id;

/** A grader's heartbeat: `slots` gradings at a time on grade-cpu, beating now or gone for ten minutes. */
async function grader(id: string, slots: number, alive = true) {
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, hosts, "lastSeenAt")
     VALUES ($1, 'grader', $2, 0, $3, 'running', '{grade,shell}',
             CASE WHEN $4 THEN now() ELSE now() - interval '10 minutes' END)
     ON CONFLICT (id) DO UPDATE SET concurrency = $2, "lastSeenAt" = EXCLUDED."lastSeenAt"`,
    [id, slots, [QUEUES.cpu], alive],
  );
}

/** A grader takes the next job as the runner's worker does; with `seconds`, it finishes it in that long. */
async function take(seconds?: number): Promise<string> {
  const [job] = await boss.fetch<GradeJob>(QUEUES.cpu);
  await db.query(`UPDATE submission SET status = 'running' WHERE id = $1`, [job!.data.submissionId]);
  if (seconds !== undefined) {
    await boss.complete(QUEUES.cpu, job!.id);
    await db.query(`UPDATE pgboss.job SET started_on = completed_on - make_interval(secs => $2) WHERE id = $1::uuid`, [
      job!.id,
      seconds,
    ]);
    await db.query(`UPDATE submission SET status = 'passed' WHERE id = $1`, [job!.data.submissionId]);
  }
  return job!.data.submissionId;
}

beforeAll(async () => {
  const database = await createTestDatabase("queuestanding");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("./create-submission"));
  ({ queueStanding, submissionQueueStanding } = await import("./queue-standing"));
  const { appBoss } = await import("../queue/app-boss");
  boss = await appBoss();
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "ann" }, { id: "bob" }, { id: "cy" }, { id: "dee" }, { id: "eve" }]);
});

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const { pool } = await import("../db/pool");
  const { prisma } = await import("../db/client");
  await Promise.all([pool().end(), prisma().$disconnect(), db?.end()]);
  await drop?.();
});

describe("queueStanding", () => {
  it("promises nothing with no grader online or no grading to go by", async () => {
    const ann = await submit("ann");
    expect(await queueStanding(db, ann)).toEqual({
      position: 1,
      slots: 0,
      typicalSeconds: null,
      startsInSeconds: null,
    });
    await grader("gone", 4, false);
    expect((await queueStanding(db, ann))?.slots).toBe(0);
    await grader("g1", 1);
    expect(await queueStanding(db, ann)).toEqual({
      position: 1,
      slots: 1,
      typicalSeconds: null,
      startsInSeconds: null,
    });
  });

  it("counts what pg-boss hands out first, and estimates from the recent gradings' median", async () => {
    // Two gradings done, in 20 s and 40 s: the typical one is 30 s.
    await take(20);
    for (const user of ["bob", "cy"]) await submit(user);
    await take(40);
    const [dee, eve] = [await submit("dee"), await submit("eve")];
    // cy waits first; then dee, then eve. Nothing is running.
    expect(await queueStanding(db, dee)).toEqual({ position: 2, slots: 1, typicalSeconds: 30, startsInSeconds: 15 });
    expect(await queueStanding(db, eve)).toMatchObject({ position: 3, startsInSeconds: 45 });

    // A grader takes cy: dee is next, behind one grading half done on average.
    await take();
    expect(await queueStanding(db, dee)).toMatchObject({ position: 1, startsInSeconds: 15 });
    // A second slot: dee starts as soon as it is picked up.
    await grader("g1", 2);
    expect(await queueStanding(db, dee)).toMatchObject({ position: 1, slots: 2, startsInSeconds: 0 });
    expect(await queueStanding(db, eve)).toMatchObject({ position: 2, startsInSeconds: 15 });
  });

  it("says nothing once a grader has taken it, and shows it only to who may see the submission", async () => {
    const taken = await take();
    expect(await queueStanding(db, taken)).toBeUndefined();
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM submission WHERE "userId" = 'eve' AND status = 'queued'`,
    );
    const eve = rows[0]!.id;
    expect(await submissionQueueStanding(learner("eve"), eve)).toMatchObject({ position: 1 });
    await expect(submissionQueueStanding(learner("ann"), eve)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
