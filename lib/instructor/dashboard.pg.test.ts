import pg from "pg";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let url: string;
let boss: PgBoss | undefined;
let dashboard: typeof import("./dashboard").dashboard;

/** A UTC timestamp `days` whole days before today's midnight plus `hours`, so each row lands on a known day. */
const at = (days: number, hours = 1) =>
  `date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${days}) + make_interval(hours => ${hours})`;

async function submission(id: string, user: string, status: string, when: string, regradeOf?: string) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "createdAt", "regradeOfId")
     VALUES ($1, $2, 'first-image', '[]'::jsonb, $3::"SubmissionStatus", ${when}, $4)`,
    [id, user, status, regradeOf ?? null],
  );
}

/** The UTC date `days` before today, as the dashboard labels days. */
function dayBefore(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  const database = await createTestDatabase("dashboard");
  drop = database.drop;
  url = database.url;
  process.env.DATABASE_URL = database.url;
  ({ dashboard } = await import("./dashboard"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "l1" },
    { id: "l2" },
    { id: "l3" },
    { id: "l4" },
    { id: "teacher", role: "instructor" },
  ]);
  // Active this week: l1 submitted two days ago (twice), l2 answered a quiz, l3 opened a lesson.
  await submission("l1-a", "l1", "failed", at(2));
  await submission("l1-b", "l1", "passed", at(2, 3));
  await db.query(
    `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total, "createdAt")
     VALUES ('l2-q', 'l2', 'containers-vs-vms', 'containers-vs-vms', '{}'::jsonb, 1, 4, ${at(3)})`,
  );
  await db.query(`INSERT INTO lesson_progress (id, "userId", "lessonSlug", "firstViewedAt") VALUES
    ('l3-v', 'l3', 'containers-vs-vms', ${at(1)})`);
  // l4 was last active ten days ago; an instructor's re-grade of their attempt today is not their activity.
  await submission("l4-a", "l4", "failed", at(10));
  await submission("l4-a-regrade", "l4", "passed", at(0), "l4-a");
  // Outside the chart's fourteen days.
  await submission("l4-old", "l4", "failed", at(20));
  // Staff activity is not counted anywhere.
  await submission("t-a", "teacher", "error", `(now() AT TIME ZONE 'UTC') - interval '1 hour'`);
  // Errors: one an hour ago counts, one thirty hours ago does not.
  await submission("l1-err", "l1", "error", `(now() AT TIME ZONE 'UTC') - interval '2 hours'`);
  await submission("l3-err", "l3", "error", `(now() AT TIME ZONE 'UTC') - interval '30 hours'`);
  // Lessons completed: l1 two (one this week), l2 one this week, the instructor one.
  await db.query(`INSERT INTO lesson_progress (id, "userId", "lessonSlug", "firstViewedAt", "completedAt") VALUES
    ('l1-c1', 'l1', 'containers-vs-vms', ${at(30)}, ${at(2)}),
    ('l1-c2', 'l1', 'reproducible-ml-environments', ${at(30)}, ${at(20)}),
    ('l2-c1', 'l2', 'reproducible-ml-environments', ${at(20)}, ${at(1)}),
    ('t-c1', 'teacher', 'containers-vs-vms', ${at(0)}, ${at(0)})`);
  // Runners: one running and one draining are alive; one silent for two minutes and one stopped are not.
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, "activeJobs", state, "lastSeenAt") VALUES
       ('r-a', 'host-a', 2, 1, ARRAY['grade-cpu', 'grade-gpu'], 1, 'running', now()),
       ('r-b', 'host-b', 4, 0, ARRAY['grade-cpu'], 3, 'draining', now() - interval '20 seconds'),
       ('r-c', 'host-c', 2, 0, ARRAY['grade-cpu'], 0, 'running', now() - interval '2 minutes'),
       ('r-d', 'host-d', 2, 0, ARRAY['grade-cpu'], 0, 'stopped', now())`,
  );
  // host-b is also a lab host: eight lab accounts, three labs served now.
  await db.query(`UPDATE runner_heartbeat SET "labCapacity" = 8, "activeLabs" = 3 WHERE id = 'r-b'`);
  // host-a grades and serves shells: twenty at most, two now.
  await db.query(`UPDATE runner_heartbeat SET "shellCapacity" = 20, "activeShells" = 2 WHERE id = 'r-a'`);
  await db.query(`UPDATE runner_heartbeat SET hosts = ARRAY['grade', 'lab'] WHERE id = 'r-b'`);
});

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const { pool } = await import("../db/pool");
  await Promise.all([pool().end(), db?.end()]);
  await drop?.();
});

describe("dashboard", () => {
  it("shows an empty queue before pg-boss has created its schema", async () => {
    expect((await dashboard(null)).queue).toEqual({
      available: false,
      waiting: 0,
      running: 0,
      failed: 0,
      queues: [
        { queue: "grade-cpu", waiting: 0, running: 0 },
        { queue: "grade-gpu", waiting: 0, running: 0 },
      ],
    });
  });

  it("counts learners active in the last seven days, staff and re-grades aside", async () => {
    expect((await dashboard(null)).activeLearners).toBe(3);
  });

  it("counts lessons completed by learners, all time and this week", async () => {
    expect((await dashboard(null)).lessonsCompleted).toEqual({ total: 3, thisWeek: 2 });
  });

  it("counts attempts per UTC day over fourteen days, days without any included", async () => {
    const days = (await dashboard(null)).submissionsPerDay;
    expect(days).toHaveLength(14);
    expect(days[0]!.day).toBe(dayBefore(13));
    expect(days[13]!.day).toBe(dayBefore(0));
    const counted = Object.fromEntries(days.filter((d) => d.submissions > 0).map((d) => [d.day, d.submissions]));
    // Today's re-grade, the instructor's error and the attempt twenty days ago are not in it; the learners' errors
    // are attempts too, on whichever day the clock puts them.
    const expected: Record<string, number> = { [dayBefore(2)]: 2, [dayBefore(10)]: 1 };
    const errors = await db.query(
      `SELECT to_char("createdAt", 'YYYY-MM-DD') AS day FROM submission WHERE id IN ('l1-err', 'l3-err')`,
    );
    for (const { day } of errors.rows as { day: string }[]) expected[day] = (expected[day] ?? 0) + 1;
    expect(counted).toEqual(expected);
  });

  it("counts learners' submissions that ended in error in the last 24 hours", async () => {
    expect((await dashboard(null)).errorsLast24h).toBe(1);
  });

  it("lists the runners alive, with their hosts, GPUs, active jobs, shells and labs", async () => {
    const { runners } = await dashboard(null);
    expect(runners.map(({ lastSeenAt, ...r }) => r)).toEqual([
      {
        id: "r-a",
        hostname: "host-a",
        state: "running",
        concurrency: 2,
        gpus: 1,
        activeJobs: 1,
        hosts: ["grade", "shell"],
        shellCapacity: 20,
        activeShells: 2,
        labCapacity: 0,
        activeLabs: 0,
      },
      {
        id: "r-b",
        hostname: "host-b",
        state: "draining",
        concurrency: 4,
        gpus: 0,
        activeJobs: 3,
        hosts: ["grade", "lab"],
        shellCapacity: 0,
        activeShells: 0,
        labCapacity: 8,
        activeLabs: 3,
      },
    ]);
    expect(Math.abs(Date.now() - runners[0]!.lastSeenAt.getTime())).toBeLessThan(10_000);
  });

  it("shows every exercise's pass rate", async () => {
    const { listExercises } = await import("../exercises/load-exercise");
    const { exercises } = await dashboard(null);
    expect(exercises).toHaveLength((await listExercises()).length);
    // l1 passed; l4's failed attempt stands as re-graded to passed; errors and staff are not attempts.
    expect(exercises.find((e) => e.slug === "first-image")).toMatchObject({
      learners: 2,
      passed: 2,
      attempts: 4,
      passRate: 1,
    });
  });

  it("counts waiting, running and failed grading jobs in pg-boss's queues", async () => {
    const { startBoss } = await import("../queue/boss");
    const { QUEUES } = await import("../queue/queues");
    boss = await startBoss(url, { supervise: false });
    // A job that fails its only try moves to the dead-letter queue.
    await boss.send(QUEUES.cpu, { submissionId: "doomed" }, { retryLimit: 0 });
    const [doomed] = await boss.fetch(QUEUES.cpu);
    await boss.fail(QUEUES.cpu, doomed!.id, { message: "runner lost" });
    await boss.send(QUEUES.cpu, { submissionId: "w1" });
    await boss.send(QUEUES.cpu, { submissionId: "w2" });
    await boss.send(QUEUES.gpu, { submissionId: "g1" });
    expect(await boss.fetch(QUEUES.gpu)).toHaveLength(1);

    expect((await dashboard(null)).queue).toEqual({
      available: true,
      waiting: 2,
      running: 1,
      failed: 1,
      queues: [
        { queue: "grade-cpu", waiting: 2, running: 0 },
        { queue: "grade-gpu", waiting: 0, running: 1 },
      ],
    });
  });
});

describe("dashboard of some learners (a class)", () => {
  const total = (days: { submissions: number }[]) => days.reduce((sum, d) => sum + d.submissions, 0);

  it("counts only the learners given; the queue and the runners stay the platform's", async () => {
    const everyone = await dashboard(null);
    const a = await dashboard(["l1", "l2"]);
    const b = await dashboard(["l3", "l4"]);
    expect([a.activeLearners, b.activeLearners]).toEqual([2, 1]);
    expect(a.lessonsCompleted).toEqual({ total: 3, thisWeek: 2 });
    expect(b.lessonsCompleted).toEqual({ total: 0, thisWeek: 0 });
    expect([a.errorsLast24h, b.errorsLast24h]).toEqual([1, 0]);
    // l1's three attempts against l3's error and l4's one attempt in the chart's days (the re-grade is not new).
    expect([total(a.submissionsPerDay), total(b.submissionsPerDay)]).toEqual([3, 2]);
    expect(total(everyone.submissionsPerDay)).toBe(5);
    const firstImage = (d: typeof a) => d.exercises.find((e) => e.slug === "first-image");
    expect(firstImage(a)).toMatchObject({ learners: 1, passed: 1, attempts: 2 });
    // l4's two attempts, one of them passed by its re-grade.
    expect(firstImage(b)).toMatchObject({ learners: 1, passed: 1, attempts: 2 });
    const nobody = await dashboard([]);
    expect(nobody).toMatchObject({ activeLearners: 0, errorsLast24h: 0, lessonsCompleted: { total: 0 } });
    expect(firstImage(nobody)).toMatchObject({ learners: 0, attempts: 0 });
    expect(a.runners.map((r) => r.id)).toEqual(everyone.runners.map((r) => r.id));
    expect(a.queue).toEqual(everyone.queue);
  });
});
