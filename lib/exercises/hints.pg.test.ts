import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { RequestError } from "../errors/request-error";
import { HINT_TEXTS, HINTED, writeHintedCourse } from "./testing/hinted-course";

let db: pg.Pool;
let drop: () => Promise<void>;
let removeCourse: () => Promise<void>;
let hints: typeof import("./hints");
let scopes: typeof import("../access/staff-scope");
let submissionCount = 0;

async function submission(
  user: string,
  status: "queued" | "running" | "passed" | "failed" | "error",
  opts: { regradeOf?: string; exercise?: string } = {},
): Promise<string> {
  const id = `s${++submissionCount}`;
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, '[]'::jsonb, $4::"SubmissionStatus", $5,
             (now() AT TIME ZONE 'UTC') + make_interval(secs => $6))`,
    [id, user, opts.exercise ?? HINTED, status, opts.regradeOf ?? null, submissionCount],
  );
  return id;
}

async function uses(user: string): Promise<Array<{ hintIndex: number; how: string }>> {
  const { rows } = await db.query(
    `SELECT "hintIndex", how FROM hint_use WHERE "userId" = $1 AND "exerciseSlug" = $2 ORDER BY "hintIndex"`,
    [user, HINTED],
  );
  return rows;
}

async function refusal(promise: Promise<unknown>): Promise<RequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RequestError);
  return err as RequestError;
}

/** Whether any locked hint's text is anywhere in what was sent. */
function leaks(answer: unknown, openCount: number): boolean {
  const text = JSON.stringify(answer);
  return HINT_TEXTS.slice(openCount).some((t) => text.includes(t));
}

beforeAll(async () => {
  const course = await writeHintedCourse();
  removeCourse = course.remove;
  process.env.CONTENT_DIR = course.root;
  const database = await createTestDatabase("hints");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  hints = await import("./hints");
  scopes = await import("../access/staff-scope");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "ann" },
    { id: "ben" },
    { id: "cal" },
    { id: "dan" },
    { id: "ivy", role: "instructor" },
    { id: "tom" },
    { id: "ada", role: "admin" },
  ]);
  await db.query(`INSERT INTO class (id, name, term) VALUES ('class-a', 'A', 'Fall'), ('class-b', 'B', 'Fall')`);
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source) VALUES
       ('class-a', 'ann', 'learner', 'code'), ('class-a', 'ben', 'learner', 'code'),
       ('class-a', 'ivy', 'instructor', 'staff'),
       ('class-b', 'cal', 'learner', 'code'), ('class-b', 'tom', 'ta', 'staff')`,
  );
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([db?.end(), pool().end()]);
  await drop?.();
  await removeCourse?.();
});

describe("learnerHints", () => {
  it("sends no hint text before a hint opens, only how many there are and when the first opens", async () => {
    const view = await hints.learnerHints("ann", HINTED);
    expect(view).toEqual({
      exercise: HINTED,
      open: [],
      total: 3,
      remaining: 3,
      failures: 0,
      next: { index: 0, afterMoreFailures: 1 },
    });
    expect(leaks(view, 0)).toBe(false);
    expect(await uses("ann")).toEqual([]);
  });

  it("opens the first hint after a failed attempt, recorded as opened by attempts, and sends only it", async () => {
    await submission("ann", "failed");
    const view = await hints.learnerHints("ann", HINTED);
    expect(view.open).toEqual([{ index: 0, text: HINT_TEXTS[0], how: "attempts" }]);
    expect(view.next).toEqual({ index: 1, afterMoreFailures: 2 });
    expect(leaks(view, 1)).toBe(false);
    expect(await uses("ann")).toEqual([{ hintIndex: 0, how: "attempts" }]);
  });

  it("does not count a re-grade's failure, an attempt still being graded, an error, or another exercise", async () => {
    const passed = await submission("ben", "passed");
    await submission("ben", "failed", { regradeOf: passed });
    await submission("ben", "failed", { regradeOf: passed });
    await submission("ben", "queued");
    await submission("ben", "error");
    await submission("ben", "failed", { exercise: "another-exercise" });
    const view = await hints.learnerHints("ben", HINTED);
    expect(view.failures).toBe(0);
    expect(view.open).toEqual([]);
    expect(leaks(view, 0)).toBe(false);
    expect(await uses("ben")).toEqual([]);
  });

  it("opens the second hint at three failures, but never a hint that opens only on request", async () => {
    await submission("ann", "failed");
    const two = await hints.learnerHints("ann", HINTED);
    expect(two.open).toHaveLength(1);
    expect(two.next).toEqual({ index: 1, afterMoreFailures: 1 });
    await submission("ann", "failed");
    const view = await hints.learnerHints("ann", HINTED);
    expect(view.failures).toBe(3);
    expect(view.open.map((h) => [h.index, h.how])).toEqual([
      [0, "attempts"],
      [1, "attempts"],
    ]);
    expect(view.next).toEqual({ index: 2 });
    expect(leaks(view, 2)).toBe(false);
  });
});

describe("requestHint", () => {
  it("opens only the next locked hint: asking past it is refused without its text", async () => {
    const err = await refusal(hints.requestHint("cal", HINTED, 1));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe("Hints open in order: hint 1 comes before hint 2.");
    expect(leaks(err.message, 0)).toBe(false);
    await refusal(hints.requestHint("cal", HINTED, 2));
    expect(await uses("cal")).toEqual([]);
  });

  it("opens the next hint on request, recorded as asked for; asking for it again opens no other", async () => {
    const first = await hints.requestHint("cal", HINTED, 0);
    expect(first.open).toEqual([{ index: 0, text: HINT_TEXTS[0], how: "request" }]);
    expect(leaks(first, 1)).toBe(false);
    const again = await hints.requestHint("cal", HINTED, 0);
    expect(again).toEqual(first);
    expect(await uses("cal")).toEqual([{ hintIndex: 0, how: "request" }]);
  });

  it("goes through every hint one request at a time, then says there are none left", async () => {
    expect((await hints.requestHint("cal", HINTED, 1)).open.map((h) => h.index)).toEqual([0, 1]);
    const last = await hints.requestHint("cal", HINTED, 2);
    expect(last.open.map((h) => h.text)).toEqual([...HINT_TEXTS]);
    expect(last).toMatchObject({ remaining: 0 });
    expect(last.next).toBeUndefined();
    const err = await refusal(hints.requestHint("cal", HINTED, 3));
    expect(err.message).toBe("Every hint of this exercise is open already.");
  });

  it("keeps a hint asked for as asked for when failed attempts later reach it", async () => {
    await submission("cal", "failed");
    const view = await hints.learnerHints("cal", HINTED);
    expect(view.open[0]).toMatchObject({ index: 0, how: "request" });
    expect(await uses("cal")).toEqual([
      { hintIndex: 0, how: "request" },
      { hintIndex: 1, how: "request" },
      { hintIndex: 2, how: "request" },
    ]);
  });

  it("asks for a hint of an exercise that does not exist as not found", async () => {
    const err = await refusal(hints.requestHint("ann", "no-such-exercise", 0));
    expect(err.code).toBe("NOT_FOUND");
  });
});

describe("hintUsage", () => {
  beforeAll(async () => {
    // Ben asks for the first hint; Dan, in no class, asks too.
    await hints.requestHint("ben", HINTED, 0);
    await hints.requestHint("dan", HINTED, 0);
  });

  const usersOf = (usage: Awaited<ReturnType<typeof hints.hintUsage>>) =>
    usage.map((h) => h.users.map((u) => `${u.userId}:${u.how}`).sort());

  it("shows an instructor only the learners of the classes they teach", async () => {
    const scope = await scopes.staffScope({ id: "ivy", role: "instructor" });
    const usage = await hints.hintUsage(scope, HINTED, null);
    expect(usage.map((h) => [h.index, h.text, h.afterFailures])).toEqual([
      [0, HINT_TEXTS[0], 1],
      [1, HINT_TEXTS[1], 3],
      [2, HINT_TEXTS[2], undefined],
    ]);
    expect(usersOf(usage)).toEqual([["ann:attempts", "ben:request"], ["ann:attempts"], []]);
    expect(usersOf(await hints.hintUsage(scope, HINTED, "class-a"))).toEqual(usersOf(usage));
  });

  it("shows nobody for a class the person does not teach", async () => {
    const scope = await scopes.staffScope({ id: "ivy", role: "instructor" });
    expect(usersOf(await hints.hintUsage(scope, HINTED, "class-b"))).toEqual([[], [], []]);
    expect(usersOf(await hints.hintUsage(scope, HINTED, "no-such-class"))).toEqual([[], [], []]);
  });

  it("shows a teaching assistant their class's learners, and an admin everyone", async () => {
    const ta = await scopes.staffScope({ id: "tom", role: "learner" });
    expect(usersOf(await hints.hintUsage(ta, HINTED, null))).toEqual([
      ["cal:request"],
      ["cal:request"],
      ["cal:request"],
    ]);
    const admin = await scopes.staffScope({ id: "ada", role: "admin" });
    expect(usersOf(await hints.hintUsage(admin, HINTED, null))).toEqual([
      ["ann:attempts", "ben:request", "cal:request", "dan:request"],
      ["ann:attempts", "cal:request"],
      ["cal:request"],
    ]);
    expect(usersOf(await hints.hintUsage(admin, HINTED, "class-a"))).toEqual([
      ["ann:attempts", "ben:request"],
      ["ann:attempts"],
      [],
    ]);
  });
});
