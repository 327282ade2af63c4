import pg from "pg";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { RequestError } from "../errors/request-error";
import { type GradeJob, QUEUES } from "../queue/queues";

/**
 * Fairness between learners, on the real queue: pg-boss hands out grade-cpu jobs by priority, then age. A learner
 * who floods can hold one job in the queue at a time and is cut off by the rate limit; everybody else's submission
 * waits behind at most one of theirs, and instructors' re-grades wait behind every learner's.
 */
let db: pg.Pool;
let drop: () => Promise<void>;
let boss: PgBoss;
let createSubmission: typeof import("./create-submission").createSubmission;
let regradeExercise: typeof import("../instructor/regrade").regradeExercise;

const EXERCISE = "first-image";
const LIMIT = 5;
const staff = { id: "tess", name: "Tess", email: "tess@example.test", role: "instructor" as const };
const saved = process.env.SUBMISSION_RATE_LIMIT;

function submit(user: string) {
  return createSubmission(user, { exercise: EXERCISE, files: [{ path: "Dockerfile", content: "FROM python:3.11\n" }] });
}

/** Many rapid submissions at once, as a script or a held-down shortcut sends them: which were taken and refused. */
async function flood(user: string, times: number) {
  const outcomes = await Promise.allSettled(Array.from({ length: times }, () => submit(user)));
  return {
    accepted: outcomes.filter((o) => o.status === "fulfilled").length,
    refusals: outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as RequestError] : [])),
  };
}

interface Served {
  user: string;
  regrade: boolean;
  /** Learners' (not re-grade) jobs still waiting in the queue when this one was handed out. */
  learnersWaiting: number;
}

/**
 * One runner slot, the way the runner's worker takes work: fetch the next job pg-boss picks, grade it (here: give
 * the row a result), complete the job. Undefined when the queue is empty.
 */
async function serveNext(): Promise<Served | undefined> {
  const [job] = await boss.fetch<GradeJob>(QUEUES.cpu);
  if (!job) return undefined;
  const { rows } = await db.query(
    `SELECT s."userId" AS user, s."regradeOfId" IS NOT NULL AS regrade,
            (SELECT count(*)::int FROM pgboss.job j JOIN submission w ON w.id = j.data->>'submissionId'
              WHERE j.name = $2 AND j.state = 'created' AND w."regradeOfId" IS NULL) AS "learnersWaiting"
       FROM submission s WHERE s.id = $1`,
    [job.data.submissionId, QUEUES.cpu],
  );
  await db.query(`UPDATE submission SET status = 'failed' WHERE id = $1`, [job.data.submissionId]);
  await boss.complete(QUEUES.cpu, job.id);
  return rows[0];
}

/**
 * What waits in grade-cpu, in the order pg-boss's fetch takes it (priority first, then age). Re-grades are not told
 * apart: one batch is one insert, so they share a time and pg-boss orders them by their random ids.
 */
async function queueOrder(): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT CASE WHEN s."regradeOfId" IS NULL THEN s."userId" ELSE 're-grade' END AS who
       FROM pgboss.job j JOIN submission s ON s.id = j.data->>'submissionId'
      WHERE j.name = $1 AND j.state = 'created'
      ORDER BY j.priority DESC, j.created_on, j.id`,
    [QUEUES.cpu],
  );
  return rows.map((r) => r.who);
}

beforeAll(async () => {
  process.env.SUBMISSION_RATE_LIMIT = String(LIMIT);
  const database = await createTestDatabase("fairqueue");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("./create-submission"));
  ({ regradeExercise } = await import("../instructor/regrade"));
  const { appBoss } = await import("../queue/app-boss");
  boss = await appBoss();
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "tess", role: "instructor" }, { id: "flo" }, { id: "lee" }, { id: "amy" }]);
  // Yesterday's graded work of three other learners, for the instructor to re-grade.
  for (const user of ["r1", "r2", "r3"]) {
    await insertUsers(db, [{ id: user }]);
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "createdAt")
       VALUES ($1, $1, $2, $3::jsonb, 'passed', (now() AT TIME ZONE 'UTC') - interval '1 day')`,
      [user, EXERCISE, JSON.stringify([{ path: "Dockerfile", content: "FROM python:3.11-slim\n" }])],
    );
  } // Tess teaches them all: staff re-grade their classes' work only.
  await insertClass(db, { id: "tess-class", instructors: ["tess"], learners: ["flo", "lee", "amy", "r1", "r2", "r3"] });
});

afterAll(async () => {
  if (saved === undefined) delete process.env.SUBMISSION_RATE_LIMIT;
  else process.env.SUBMISSION_RATE_LIMIT = saved;
  await boss?.stop({ graceful: false, wait: true });
  const { pool } = await import("../db/pool");
  const { prisma } = await import("../db/client");
  await Promise.all([pool().end(), prisma().$disconnect(), db?.end()]);
  await drop?.();
});

describe("fair queueing between learners", () => {
  it("keeps a flooder to one queued job, so another learner waits behind at most one of theirs", async () => {
    // The instructor re-grades an exercise first: three jobs are queued before any learner's.
    await regradeExercise(staff, EXERCISE);

    const first = await flood("flo", 30);
    expect(first.accepted).toBe(1);
    expect(first.refusals).toHaveLength(29);
    expect(new Set(first.refusals.map((e) => e.code))).toEqual(new Set(["CONFLICT"]));

    await submit("lee");
    expect(await queueOrder()).toEqual(["flo", "lee", "re-grade", "re-grade", "re-grade"]);
  });

  it("serves every learner's job before any re-grade, and the flooder runs into the rate limit", async () => {
    const served: Served[] = [];
    const rateLimited: RequestError[] = [];
    let amyQueued = false;
    for (let next = await serveNext(); next; next = await serveNext()) {
      served.push(next);
      // The flooder resubmits the moment a result arrives (their job is graded or another runner's is done).
      const again = await flood("flo", 10);
      rateLimited.push(...again.refusals.filter((e) => e.code === "RATE_LIMITED"));
      // A second learner arrives while the flooder is at it.
      if (!amyQueued && served.length === 2) {
        await submit("amy");
        amyQueued = true;
      }
    }

    const order = served.map((s) => (s.regrade ? "re-grade" : s.user));
    // Each learner was served at most one flooder job after submitting (flo: the one in the queue at the time).
    expect(order).toEqual(["flo", "lee", "flo", "amy", "flo", "flo", "flo", "re-grade", "re-grade", "re-grade"]);
    // No re-grade was handed out while a learner's job waited.
    expect(served.filter((s) => s.regrade).map((s) => s.learnersWaiting)).toEqual([0, 0, 0]);
    // The flooder got LIMIT submissions through, then only the limit's answer.
    expect(order.filter((who) => who === "flo")).toHaveLength(LIMIT);
    expect(rateLimited.length).toBeGreaterThan(0);
    expect(rateLimited[0]!.message).toMatch(
      new RegExp(`^You have submitted ${LIMIT} times in the last 10 minutes\\. Try again in \\d+ minutes?\\.$`),
    );
  });
});
