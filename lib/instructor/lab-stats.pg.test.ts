import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { Lab } from "../labs/load-lab";

let db: pg.Pool;
let drop: () => Promise<void>;
let labOverview: typeof import("./lab-stats").labOverview;
let labs: Lab[];

const NETWORKS = "connect-services-on-networks";
const VOLUMES = "keep-model-files";

/** A session of the lab, opened unless `opened` is false (asked for, never opened), and the tasks done in it. */
async function session(user: string, lab: string, tasks: string[], { opened = true } = {}) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status, "openedAt", "closedAt")
     VALUES (gen_random_uuid()::text, 'lab', $1, $2, 'closed', CASE WHEN $3 THEN now() END, now()) RETURNING id`,
    [user, lab, opened],
  );
  for (const task of tasks) {
    await db.query(`INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId") VALUES ($1, $2, $3, $4)`, [
      user,
      lab,
      task,
      rows[0]!.id,
    ]);
  }
}

const tasksOf = (slug: string) => labs.find((l) => l.slug === slug)!.spec.tasks.map((t) => t.id);

beforeAll(async () => {
  const database = await createTestDatabase("labstats");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ labOverview } = await import("./lab-stats"));
  // The playground has no tasks, so no numbers: the overview leaves it out (checked below).
  labs = await (await import("../labs/load-lab")).listGradedLabs();
  db = new pg.Pool({ connectionString: database.url });
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([db?.end(), pool().end()]);
  await drop?.();
});

describe("labOverview", () => {
  it("counts learners started and finished, and per task those done and those stuck at it", async () => {
    const [t1, t2, t3, t4] = tasksOf(NETWORKS);
    expect(tasksOf(NETWORKS)).toHaveLength(4);
    await insertUsers(db, [
      ...["ann", "bob", "cat", "dan", "eve", "fay", "gus"].map((id) => ({ id })),
      { id: "ivy", role: "instructor" as const },
    ]);
    await session("ann", NETWORKS, [t1!, t2!]);
    // Bob needed two sessions to finish.
    await session("bob", NETWORKS, [t1!, t2!]);
    await session("bob", NETWORKS, [t3!, t4!]);
    await session("cat", NETWORKS, []);
    // Dan skipped ahead: he counts for the third task, and is stuck at the second.
    await session("dan", NETWORKS, [t1!, t3!]);
    // Eve asked for the lab and gave up waiting: not a start.
    await session("eve", NETWORKS, [], { opened: false });
    // A task done is a start whatever the session row says.
    await session("fay", NETWORKS, [t1!], { opened: false });
    // A task the lab no longer has counts for nothing: Gus is stuck at the first.
    await session("gus", NETWORKS, ["a-task-since-removed"]);
    // Staff trying the lab are not the class.
    await session("ivy", NETWORKS, [t1!, t2!, t3!, t4!]);
    await session("ann", VOLUMES, tasksOf(VOLUMES));
    // A lab the course no longer has has no row.
    await session("ann", "a-retired-lab", ["x"]);

    const overview = await labOverview(null);
    const { labsInCourseOrder } = await import("../labs/lab-order");
    const { loadCourse } = await import("../content/load-course");
    expect(overview.map((l) => l.slug)).toEqual(labsInCourseOrder(labs, await loadCourse()).map((l) => l.slug));
    expect(overview.map((l) => l.slug)).not.toContain("playground");

    const networks = overview.find((l) => l.slug === NETWORKS)!;
    expect(networks).toMatchObject({
      title: labs.find((l) => l.slug === NETWORKS)!.spec.title,
      started: 6,
      finished: 1,
      finishRate: 1 / 6,
      // Cat and Gus at the first, Dan and Fay at the second: the earliest of equals.
      mostStuck: t1,
    });
    expect(networks.tasks.map(({ title, ...t }) => t)).toEqual([
      { id: t1, done: 4, doneShare: 4 / 6, stuck: 2 },
      { id: t2, done: 2, doneShare: 2 / 6, stuck: 2 },
      { id: t3, done: 2, doneShare: 2 / 6, stuck: 1 },
      { id: t4, done: 1, doneShare: 1 / 6, stuck: 0 },
    ]);
    expect(networks.tasks[0]!.title).toBe(labs.find((l) => l.slug === NETWORKS)!.spec.tasks[0]!.title);

    expect(overview.find((l) => l.slug === VOLUMES)).toMatchObject({
      started: 1,
      finished: 1,
      finishRate: 1,
      mostStuck: undefined,
    });
    const untouched = overview.find((l) => l.slug !== NETWORKS && l.slug !== VOLUMES)!;
    expect(untouched).toMatchObject({ started: 0, finished: 0, finishRate: undefined, mostStuck: undefined });
    expect(untouched.tasks.every((t) => t.done === 0 && t.stuck === 0 && t.doneShare === undefined)).toBe(true);
  });

  it("counts only the learners given (a class's)", async () => {
    const [t1, t2] = tasksOf(NETWORKS);
    const overview = await labOverview(["bob", "cat", "fay"]);
    const networks = overview.find((l) => l.slug === NETWORKS)!;
    expect(networks).toMatchObject({ started: 3, finished: 1, mostStuck: t1 });
    expect(networks.tasks.find((t) => t.id === t1)).toMatchObject({ done: 2, stuck: 1 });
    expect(networks.tasks.find((t) => t.id === t2)).toMatchObject({ done: 1, stuck: 1 });
    // Ann finished the volumes lab, but she is not one of them.
    expect(overview.find((l) => l.slug === VOLUMES)).toMatchObject({ started: 0, finished: 0 });
    expect((await labOverview([])).every((l) => l.started === 0)).toBe(true);
  });

  it("adds up at 1,000 learners in every lab: each started learner is finished or stuck at one task", async () => {
    await db.query(`DELETE FROM lab_task_done; DELETE FROM sandbox_session`);
    await db.query(
      `INSERT INTO "user" (id, name, email, role, "updatedAt")
       SELECT 'bulk' || n, 'Bulk ' || n, 'bulk' || n || '@bulk.test', 'learner', now() FROM generate_series(1, 1000) n`,
    );
    // Learner n opens every lab and does its first n mod (tasks + 1) tasks, in order.
    const rows = labs.map((lab) => ({ slug: lab.slug, tasks: lab.spec.tasks.map((t) => t.id) }));
    await db.query(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status, "openedAt", "closedAt")
       SELECT 'bulk' || n || '/' || lab, 'lab', 'bulk' || n, lab, 'closed', now(), now()
         FROM generate_series(1, 1000) n, unnest($1::text[]) lab`,
      [rows.map((r) => r.slug)],
    );
    await db.query(
      `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId")
       SELECT 'bulk' || n, t.lab, t.task, 'bulk' || n || '/' || t.lab
         FROM generate_series(1, 1000) n
         JOIN unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS t(lab, task, position, tasks)
           ON t.position <= n % (t.tasks + 1)`,
      [
        rows.flatMap((r) => r.tasks.map(() => r.slug)),
        rows.flatMap((r) => r.tasks),
        rows.flatMap((r) => r.tasks.map((_, i) => i + 1)),
        rows.flatMap((r) => r.tasks.map(() => r.tasks.length)),
      ],
    );
    await db.query("ANALYZE");

    const overview = await labOverview(null);
    const learners = Array.from({ length: 1000 }, (_, i) => i + 1);
    for (const lab of overview) {
      const size = lab.tasks.length;
      const doneBy = (n: number) => n % (size + 1);
      expect(lab.started, lab.slug).toBe(1000);
      expect(lab.finished, lab.slug).toBe(learners.filter((n) => doneBy(n) === size).length);
      expect(
        lab.tasks.map((t) => [t.done, t.stuck]),
        lab.slug,
      ).toEqual(
        lab.tasks.map((_, i) => [
          learners.filter((n) => doneBy(n) > i).length,
          learners.filter((n) => doneBy(n) === i).length,
        ]),
      );
      expect(lab.finished + lab.tasks.reduce((sum, t) => sum + t.stuck, 0)).toBe(lab.started);
    }
  });
});
