import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_SCOPE, insertClass, NO_CLASS_SCOPE } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let learners: typeof import("./learners");
let course: Awaited<ReturnType<typeof import("../content/load-course").loadCourse>>;

const FIRST_MODULE = "why-containers";

async function lesson(userId: string, lessonSlug: string, completed: boolean, hoursAgo: number) {
  await db.query(
    `INSERT INTO lesson_progress (id, "userId", "lessonSlug", "firstViewedAt", "completedAt")
     VALUES (gen_random_uuid()::text, $1, $2, (now() AT TIME ZONE 'UTC') - make_interval(hours => $4 + 1),
             CASE WHEN $3 THEN (now() AT TIME ZONE 'UTC') - make_interval(hours => $4) END)`,
    [userId, lessonSlug, completed, hoursAgo],
  );
}

async function quiz(id: string, userId: string, lessonSlug: string, correct: number, total: number, hoursAgo: number) {
  await db.query(
    `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total, "createdAt")
     VALUES ($1, $2, $3, $3, '{}'::jsonb, $4, $5, (now() AT TIME ZONE 'UTC') - make_interval(hours => $6))`,
    [id, userId, lessonSlug, correct, total, hoursAgo],
  );
}

async function submission(
  id: string,
  userId: string,
  exercise: string,
  status: string,
  hoursAgo: number,
  regradeOf?: string,
  score?: number,
) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, '[]'::jsonb, $4::"SubmissionStatus", $5::jsonb, $6,
             (now() AT TIME ZONE 'UTC') - make_interval(hours => $7))`,
    [id, userId, exercise, status, score === undefined ? null : JSON.stringify({ score }), regradeOf ?? null, hoursAgo],
  );
}

interface LabSessionRow {
  status: "queued" | "open" | "closed";
  minutesAgo: number;
  /** Minutes after it was asked for that it opened, and closed. */
  openedAfter?: number;
  closedAfter?: number;
}

async function labSession(id: string, userId: string, lab: string, row: LabSessionRow) {
  await db.query(
    `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status, "createdAt", "openedAt", "closedAt",
                                  "closeReason")
     VALUES ($1, 'lab', $2, $3, $4::"SessionStatus", now() - make_interval(mins => $5),
             now() - make_interval(mins => $5 - $6), now() - make_interval(mins => $5 - $7),
             CASE WHEN $4 = 'closed' THEN 'Closed after 20 minutes idle.' END)`,
    [id, userId, lab, row.status, row.minutesAgo, row.openedAfter ?? null, row.closedAfter ?? null],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("learners");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  learners = await import("./learners");
  course = await (await import("../content/load-course")).loadCourse();
  db = new pg.Pool({ connectionString: database.url });

  await insertUsers(db, [
    { id: "ann", name: "Ann Archer", daysAgo: 30 },
    { id: "bob", name: "Bob_Smith", daysAgo: 20 },
    { id: "cat", name: "100% Cathy", email: "cathy@example.test", daysAgo: 5 },
    { id: "ivy", name: "Ivy Instructor", role: "instructor", daysAgo: 10 },
  ]);
  await lesson("ann", "containers-vs-vms", true, 50);
  await lesson("ann", "reproducible-ml-environments", true, 48);
  await lesson("ann", "images-containers-layers", false, 47);
  await lesson("ann", "a-retired-lesson", true, 46);
  await lesson("ivy", "containers-vs-vms", true, 1);
  await quiz("q1", "ann", "containers-vs-vms", 5, 5, 50);
  await quiz("q2", "ann", "reproducible-ml-environments", 3, 5, 49);
  await quiz("q3", "ann", "a-retired-lesson", 4, 4, 46);
  // Ann's one attempt failed; an instructor's re-grade passed it (and is not Ann's activity).
  await submission("a1", "ann", "first-image", "failed", 72, undefined, 0.5);
  await submission("a1r", "ann", "first-image", "passed", 1, "a1", 1);
  await submission("b1", "bob", "first-image", "passed", 30);
  await submission("b2", "bob", "layer-order", "failed", 29);
  await submission("b3", "bob", "layer-order", "passed", 28);
  await submission("i1", "ivy", "first-image", "passed", 2);
  // 120 more learners for paging, named so that name order is number order.
  await db.query(
    `INSERT INTO "user" (id, name, email, role, "updatedAt")
     SELECT 'pager' || n, 'Pager ' || lpad(n::text, 3, '0'), 'pager' || n || '@bulk.test', 'learner', now()
       FROM generate_series(1, 120) n`,
  );
});

afterAll(async () => {
  const [{ prisma }, { pool }] = await Promise.all([import("../db/client"), import("../db/pool")]);
  await Promise.all([prisma().$disconnect(), pool().end(), db?.end()]);
  await drop?.();
});

const ids = (page: { learners: { id: string }[] }) => page.learners.map((l) => l.id);

describe("listLearners", () => {
  it("counts each learner's lessons, quizzes, passed exercises and own submissions", async () => {
    const page = await learners.listLearners({ q: "example.test", sort: "name" }, null);
    expect(page.total).toBe(3);
    const byId = new Map(page.learners.map(({ modules, joined, lastActive, ...l }) => [l.id, l]));
    expect(byId.get("ann")).toEqual({
      id: "ann",
      name: "Ann Archer",
      email: "ann@example.test",
      lessons: 2,
      quizzes: 1,
      // The standing grade of her one attempt is the re-grade's pass; the re-grade is not her submission.
      exercises: 1,
      submissions: 1,
    });
    expect(byId.get("bob")).toMatchObject({ lessons: 0, quizzes: 0, exercises: 2, submissions: 3 });
    expect(byId.get("cat")).toMatchObject({ lessons: 0, quizzes: 0, exercises: 0, submissions: 0 });
    const ann = page.learners.find((l) => l.id === "ann")!;
    // Her latest activity is a lesson completed 46 hours ago, not the re-grade of an hour ago.
    expect(Math.round((Date.now() - ann.lastActive!.getTime()) / 3_600_000)).toBe(46);
    expect(Math.round((Date.now() - ann.joined.getTime()) / 86_400_000)).toBe(30);
    expect(page.learners.find((l) => l.id === "cat")!.lastActive).toBeUndefined();
  });

  it("shows lessons completed per module of the course", async () => {
    const page = await learners.listLearners({ q: "ann" }, null);
    expect(page.modules.map((m) => m.slug)).toEqual(course.modules.map((m) => m.slug));
    const [ann] = page.learners;
    expect(ann!.modules[0]).toEqual({
      slug: FIRST_MODULE,
      title: course.modules[0]!.title,
      completed: 2,
      total: course.modules[0]!.lessons.length,
    });
    expect(ann!.modules.slice(1).every((m) => m.completed === 0)).toBe(true);
  });

  it("searches names and emails case-insensitively, taking % and _ literally, learners only", async () => {
    expect(ids(await learners.listLearners({ q: "ANN" }, null))).toEqual(["ann"]);
    expect(ids(await learners.listLearners({ q: "Bob@Example" }, null))).toEqual(["bob"]);
    expect(ids(await learners.listLearners({ q: "%" }, null))).toEqual(["cat"]);
    expect(ids(await learners.listLearners({ q: "_" }, null))).toEqual(["bob"]);
    expect((await learners.listLearners({ q: "ivy" }, null)).total).toBe(0);
    expect((await learners.listLearners({}, null)).total).toBe(123);
  });

  it("sorts by any column either way, never-active learners last, with a default direction per column", async () => {
    const q = "example.test";
    expect(ids(await learners.listLearners({ q, sort: "submissions" }, null))).toEqual(["bob", "ann", "cat"]);
    expect(ids(await learners.listLearners({ q, sort: "exercises", dir: "asc" }, null))).toEqual(["cat", "ann", "bob"]);
    expect(ids(await learners.listLearners({ q, sort: "lessons" }, null))[0]).toBe("ann");
    expect(ids(await learners.listLearners({ q, sort: "joined" }, null))).toEqual(["cat", "bob", "ann"]);
    expect(ids(await learners.listLearners({ q, sort: "active" }, null))).toEqual(["bob", "ann", "cat"]);
    expect(ids(await learners.listLearners({ q, sort: "active", dir: "asc" }, null))).toEqual(["ann", "bob", "cat"]);
    expect(ids(await learners.listLearners({ q, sort: "email", dir: "desc" }, null))).toEqual(["cat", "bob", "ann"]);
    // Nonsense falls back to the defaults: by name, A to Z.
    const fallback = await learners.listLearners({ q, sort: "password", dir: "sideways" }, null);
    expect(fallback.query).toEqual({ q, sort: "name", dir: "asc", page: 1 });
    expect(ids(fallback)).toEqual(["cat", "ann", "bob"]);
  });

  it("pages 50 at a time with exact counts, a page past the end showing the last", async () => {
    const first = await learners.listLearners({ q: "pager" }, null);
    expect([first.total, first.page, first.pageCount, first.learners.length]).toEqual([120, 1, 3, 50]);
    const third = await learners.listLearners({ q: "pager", page: "3" }, null);
    expect([third.page, third.learners.length, third.learners[0]!.name]).toEqual([3, 20, "Pager 101"]);
    const beyond = await learners.listLearners({ q: "pager", page: "99" }, null);
    expect([beyond.page, beyond.query.page, beyond.learners[19]!.name]).toEqual([3, 3, "Pager 120"]);
    expect((await learners.listLearners({ q: "pager", page: "-2" }, null)).page).toBe(1);
    const descending = await learners.listLearners({ q: "pager", sort: "name", dir: "desc", page: "2" }, null);
    expect(descending.learners[0]!.name).toBe("Pager 070");
  });

  it("counts lab work as activity: a lab asked for, typed in, or a task done", async () => {
    await db.query(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status, "createdAt", "lastInputAt")
       VALUES ('act-s', 'lab', 'pager7', 'run-a-model-server', 'closed', now() - interval '9 hours',
               now() - interval '5 hours')`,
    );
    await db.query(
      `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "doneAt")
       VALUES ('pager8', 'run-a-model-server', 'run', now() - interval '3 hours')`,
    );
    const hoursSince = async (email: string) => {
      const [found] = (await learners.listLearners({ q: email }, null)).learners;
      return Math.round((Date.now() - found!.lastActive!.getTime()) / 3_600_000);
    };
    expect(await hoursSince("pager7@")).toBe(5);
    expect(await hoursSince("pager8@")).toBe(3);
  });
});

describe("loadLearner", () => {
  it("gives progress per module, every quiz attempt and every submission, newest first", async () => {
    const detail = await learners.loadLearner("ann", ADMIN_SCOPE);
    expect(detail.learner).toMatchObject({ id: "ann", lessons: 2, quizzes: 1, exercises: 1, submissions: 1 });
    expect(detail.modules[0]).toMatchObject({ slug: FIRST_MODULE, completed: 2 });
    expect(detail.modules[0]!.lessons.filter((l) => l.completed).map((l) => l.slug)).toEqual([
      "containers-vs-vms",
      "reproducible-ml-environments",
    ]);
    expect(detail.quizAttempts.map((q) => [q.id, q.lesson.slug, q.correct, q.total])).toEqual([
      ["q3", "a-retired-lesson", 4, 4],
      ["q2", "reproducible-ml-environments", 3, 5],
      ["q1", "containers-vs-vms", 5, 5],
    ]);
    expect(detail.quizAttempts[2]!.lesson.title).toBe(
      course.lessons.find((l) => l.slug === "containers-vs-vms")!.title,
    );
    expect(detail.submissions.map(({ createdAt, ...s }) => s)).toEqual([
      {
        id: "a1r",
        exercise: { slug: "first-image", title: expect.any(String) },
        status: "passed",
        score: 1,
        regradeOf: "a1",
      },
      { id: "a1", exercise: { slug: "first-image", title: expect.any(String) }, status: "failed", score: 0.5 },
    ]);
  });

  it("lists every lab of the course in course order with tasks done, sessions and the latest session", async () => {
    const { listGradedLabs } = await import("../labs/load-lab");
    const { labsInCourseOrder } = await import("../labs/lab-order");
    // Not the playground: it has no tasks to have done.
    const labs = labsInCourseOrder(await listGradedLabs(), course);
    const volumes = labs.find((l) => l.slug === "keep-model-files")!;
    const tasks = volumes.spec.tasks.map((t) => t.id);
    // Ann did every task of the volumes lab over two sessions: the first closed for idling, the second is open.
    await labSession("ann-l1", "ann", volumes.slug, {
      status: "closed",
      minutesAgo: 180,
      openedAfter: 1,
      closedAfter: 60,
    });
    await labSession("ann-l2", "ann", volumes.slug, { status: "open", minutesAgo: 30, openedAfter: 1 });
    for (const [i, task] of tasks.entries()) {
      await db.query(
        `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId", "doneAt")
         VALUES ('ann', $1, $2, $3, now() - make_interval(mins => $4))`,
        [volumes.slug, task, i < 2 ? "ann-l1" : "ann-l2", 170 - i * 35],
      );
    }
    // She asked for the networks lab and is still waiting; Bob's lab is his.
    await labSession("ann-l3", "ann", "connect-services-on-networks", { status: "queued", minutesAgo: 2 });
    await labSession("bob-l1", "bob", volumes.slug, { status: "open", minutesAgo: 5, openedAfter: 1 });

    const detail = await learners.loadLearner("ann", ADMIN_SCOPE);
    expect(detail.labs.map((l) => [l.slug, l.title, l.total])).toEqual(
      labs.map((l) => [l.slug, l.spec.title, l.spec.tasks.length]),
    );
    const byLab = new Map(detail.labs.map((l) => [l.slug, l]));
    const finished = byLab.get(volumes.slug)!;
    expect(finished).toMatchObject({
      done: tasks.length,
      sessions: 2,
      lastSession: { status: "open", openedAt: expect.any(Date) },
    });
    expect(finished.lastSession).not.toHaveProperty("closedAt");
    // Finished when the last task was done.
    const minutesAgo = (date: Date | undefined) => Math.round((Date.now() - date!.getTime()) / 60_000);
    expect(minutesAgo(finished.finishedAt)).toBe(170 - (tasks.length - 1) * 35);
    expect(minutesAgo(finished.lastSession!.requestedAt)).toBe(30);

    expect(byLab.get("connect-services-on-networks")).toMatchObject({ done: 0, sessions: 1 });
    const waiting = byLab.get("connect-services-on-networks")!;
    expect(waiting.finishedAt).toBeUndefined();
    expect(waiting.lastSession).toEqual({ status: "queued", requestedAt: expect.any(Date) });

    const untouched = detail.labs.filter((l) => l.slug !== volumes.slug && l.slug !== "connect-services-on-networks");
    expect(untouched.length).toBe(labs.length - 2);
    expect(untouched.every((l) => l.done === 0 && l.sessions === 0 && l.lastSession === undefined)).toBe(true);

    // The latest closed session says when it opened and closed and why.
    await db.query(`DELETE FROM sandbox_session WHERE id = 'ann-l2'`);
    const closed = (await learners.loadLearner("ann", ADMIN_SCOPE)).labs.find((l) => l.slug === volumes.slug)!;
    expect(closed.sessions).toBe(1);
    expect(closed.lastSession).toMatchObject({ status: "closed", closeReason: "Closed after 20 minutes idle." });
    expect(minutesAgo(closed.lastSession!.openedAt)).toBe(179);
    expect(minutesAgo(closed.lastSession!.closedAt)).toBe(120);
    // Tasks done outlive their session.
    expect(closed.done).toBe(tasks.length);
  });

  it("answers NOT_FOUND for an instructor, an unknown id and a malformed one", async () => {
    for (const id of ["ivy", "nobody", "../ann"]) {
      await expect(learners.loadLearner(id, ADMIN_SCOPE)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("class scope", () => {
  let staff: typeof import("../access/staff-scope");
  const tina = { id: "tina", role: "learner" as const };
  const otto = { id: "otto", role: "instructor" as const };
  const ada = { id: "ada", role: "admin" as const };

  beforeAll(async () => {
    staff = await import("../access/staff-scope");
    // Tina, a learner on the platform, assists class A (Ann, Cat); Otto teaches class B (Bob).
    await insertUsers(db, [
      { id: "tina", name: "Tina Assistant" },
      { id: "otto", name: "Otto Instructor", role: "instructor" },
      { id: "ada", name: "Ada Admin", role: "admin" },
    ]);
    await insertClass(db, { id: "class-a", tas: ["tina"], learners: ["ann", "cat"] });
    await insertClass(db, { id: "class-b", instructors: ["otto"], learners: ["bob"] });
  });

  it("lists only the learners given, in SQL: class A's never shows class B's", async () => {
    const page = await learners.listLearners({}, ["ann", "cat"]);
    expect(page.total).toBe(2);
    expect(ids(page).sort()).toEqual(["ann", "cat"]);
    expect((await learners.listLearners({ q: "bob" }, ["ann", "cat"])).total).toBe(0);
    expect((await learners.listLearners({ sort: "submissions", page: "2" }, ["ann", "cat"])).learners).toHaveLength(2);
    expect((await learners.listLearners({}, [])).total).toBe(0);
  });

  it("gives a teaching assistant their class's learners end to end, whatever class the address names", async () => {
    const mine = await staff.classView(tina, undefined);
    expect(mine.classId).toBeNull();
    expect(ids(await learners.listLearners({}, mine.learners)).sort()).toEqual(["ann", "cat"]);
    // Naming a class she does not teach shows her own classes' learners still, never that class's.
    const probing = await staff.classView(tina, "class-b");
    expect(probing.classId).toBeNull();
    expect(ids(await learners.listLearners({}, probing.learners)).sort()).toEqual(["ann", "cat"]);
    const picked = await staff.classView(tina, "class-a");
    expect(picked.classId).toBe("class-a");
    expect(ids(await learners.listLearners({}, picked.learners)).sort()).toEqual(["ann", "cat"]);
    expect(ids(await learners.listLearners({}, (await staff.classView(otto, null)).learners))).toEqual(["bob"]);
  });

  it("shows an admin every learner, or one class's when picked", async () => {
    const all = await staff.classView(ada, undefined);
    expect(all.learners).toBeNull();
    expect((await learners.listLearners({}, all.learners)).total).toBe(124);
    expect(ids(await learners.listLearners({}, (await staff.classView(ada, "class-b")).learners))).toEqual(["bob"]);
  });

  it("answers another class's learner exactly as an unknown id, so ids cannot be probed", async () => {
    const scope = await staff.staffScope(tina);
    expect((await learners.loadLearner("ann", scope)).learner.id).toBe("ann");
    const unknown = await learners.loadLearner("nobody", scope).catch((err: unknown) => err);
    const other = await learners.loadLearner("bob", scope).catch((err: unknown) => err);
    expect(other).toMatchObject({ code: "NOT_FOUND" });
    expect(other).toEqual(unknown);
    // An instructor with no class yet sees nobody; an admin sees a learner in no class.
    await expect(learners.loadLearner("ann", NO_CLASS_SCOPE)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await learners.loadLearner("pager1", await staff.staffScope(ada))).learner.id).toBe("pager1");
  });
});
