import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_SCOPE, insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let submissions: typeof import("./submissions");

const dockerfile = (text: string) => [{ path: "Dockerfile", content: `FROM python:3.11-slim\n# ${text}\n` }];

async function insert(
  id: string,
  userId: string,
  exercise: string,
  status: string,
  at: string,
  extra: { regradeOf?: string; score?: number } = {},
) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, $4::jsonb, $5::"SubmissionStatus", $6::jsonb, $7, $8::timestamp)`,
    [
      id,
      userId,
      exercise,
      JSON.stringify(dockerfile(id)),
      status,
      extra.score === undefined ? null : JSON.stringify({ score: extra.score }),
      extra.regradeOf ?? null,
      at,
    ],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("submissions");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  submissions = await import("./submissions");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "ann", name: "Ann Archer" },
    { id: "bob", name: "Bob_Smith" },
    { id: "ivy", name: "Ivy Instructor", role: "instructor" },
  ]);
  // Around a day's edges in UTC: the last millisecond of 14 March and the first of 15 March.
  await insert("s1", "ann", "first-image", "failed", "2025-03-13 12:00:00", { score: 0.25 });
  await insert("s2", "ann", "first-image", "passed", "2025-03-14 23:59:59.999", { regradeOf: "s1", score: 1 });
  await insert("s3", "bob", "layer-order", "error", "2025-03-15 00:00:00");
  await insert("s4", "bob", "first-image", "queued", "2025-03-16 08:00:00");
  await insert("s5", "ivy", "first-image", "failed", "2025-03-14 10:00:00");
  // 60 more of Bob's, for paging, all on 1 April.
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "createdAt")
     SELECT 'p' || lpad(n::text, 3, '0'), 'bob', 'size-budget', '[]'::jsonb, 'failed',
            '2025-04-01 00:00:00'::timestamp + make_interval(mins => n)
       FROM generate_series(1, 60) n`,
  );
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  const { prisma } = await import("../db/client");
  await Promise.all([pool().end(), prisma().$disconnect(), db?.end()]);
  await drop?.();
});

const ids = (page: { submissions: { id: string }[] }) => page.submissions.map((s) => s.id);

describe("listSubmissions", () => {
  it("lists learners' submissions newest first with learner, exercise, status, score and re-grade marker", async () => {
    const page = await submissions.listSubmissions({ exercise: "first-image" }, null);
    expect(ids(page)).toEqual(["s4", "s2", "s1"]);
    expect(page.submissions[1]).toEqual({
      id: "s2",
      createdAt: new Date("2025-03-14T23:59:59.999Z"),
      learner: { id: "ann", name: "Ann Archer", email: "ann@example.test" },
      exercise: { slug: "first-image", title: expect.any(String) },
      status: "passed",
      score: 1,
      regradeOf: "s1",
    });
    expect(page.submissions[0]).not.toHaveProperty("score");
    expect(page.exercises.map((e) => e.slug)).toContain("first-image");
    expect(page.ignored).toEqual([]);
  });

  it("filters by learner name or email (literal wildcards), status, and whole UTC days", async () => {
    expect(ids(await submissions.listSubmissions({ learner: "ARCHER" }, null))).toEqual(["s2", "s1"]);
    expect(ids(await submissions.listSubmissions({ learner: "_", exercise: "first-image" }, null))).toEqual(["s4"]);
    expect(ids(await submissions.listSubmissions({ learner: "ivy" }, null))).toEqual([]);
    expect(ids(await submissions.listSubmissions({ status: "error" }, null))).toEqual(["s3"]);
    expect(ids(await submissions.listSubmissions({ from: "2025-03-14", to: "2025-03-14" }, null))).toEqual(["s2"]);
    expect(ids(await submissions.listSubmissions({ from: "2025-03-15", to: "2025-03-16" }, null))).toEqual([
      "s4",
      "s3",
    ]);
    expect(ids(await submissions.listSubmissions({ to: "2025-03-14", status: "failed" }, null))).toEqual(["s1"]);
  });

  it("ignores invalid values with a reason, applying the rest", async () => {
    const page = await submissions.listSubmissions(
      {
        exercise: "no-such-exercise",
        status: "lost",
        from: "2025-02-30",
        to: "14/03/2025",
        learner: "ann",
        page: "two",
      },
      null,
    );
    expect(page.ignored).toEqual([
      { name: "exercise", value: "no-such-exercise", reason: "is not an exercise of the course" },
      { name: "status", value: "lost", reason: "is not one of queued, running, passed, failed, error, withdrawn" },
      { name: "from", value: "2025-02-30", reason: "is not a day of the calendar" },
      { name: "to", value: "14/03/2025", reason: "is not a date like 2025-03-14" },
      { name: "page", value: "two", reason: "is not a page number" },
    ]);
    expect(page.filters).toEqual({ learner: "ann" });
    expect(ids(page)).toEqual(["s2", "s1"]);
    const reversed = await submissions.listSubmissions({ from: "2025-03-16", to: "2025-03-13", learner: " " }, null);
    expect(reversed.ignored).toEqual([{ name: "to", value: "2025-03-13", reason: "is before the from date" }]);
    expect(reversed.filters).toEqual({ from: "2025-03-16" });
  });

  it("pages 50 at a time with exact counts", async () => {
    const first = await submissions.listSubmissions({ exercise: "size-budget" }, null);
    expect([first.total, first.pageCount, first.submissions.length, first.submissions[0]!.id]).toEqual([
      60,
      2,
      50,
      "p060",
    ]);
    const second = await submissions.listSubmissions({ exercise: "size-budget", page: "2" }, null);
    expect([second.page, ids(second)]).toEqual([
      2,
      ["p010", "p009", "p008", "p007", "p006", "p005", "p004", "p003", "p002", "p001"],
    ]);
    expect((await submissions.listSubmissions({ exercise: "size-budget", page: "9" }, null)).page).toBe(2);
    expect((await submissions.listSubmissions({}, null)).total).toBe(64);
  });
});

describe("loadSubmissionDetail", () => {
  it("gives the files, the folded events as the learner saw them, and the re-grade links", async () => {
    const { appendEvent } = await import("../submissions/event-log");
    await appendEvent(db, "s1", { type: "status", data: { status: "running" } });
    await appendEvent(db, "s1", { type: "log", data: { text: "Step 1/2 : FROM python:3.11-slim\n" } });
    await appendEvent(db, "s1", { type: "status", data: { status: "failed" } });
    const original = await submissions.loadSubmissionDetail("s1", ADMIN_SCOPE);
    expect(original).toMatchObject({
      id: "s1",
      learner: { id: "ann", name: "Ann Archer", role: "learner" },
      exercise: { slug: "first-image" },
      status: "failed",
      files: dockerfile("s1"),
      view: { status: "failed", log: "Step 1/2 : FROM python:3.11-slim\n" },
      regrades: [{ id: "s2", status: "passed", createdAt: new Date("2025-03-14T23:59:59.999Z") }],
    });
    expect(original.regradeOf).toBeUndefined();
    expect(original.lessons).toContain("containers-vs-vms");
    expect(await submissions.loadSubmissionDetail("s2", ADMIN_SCOPE)).toMatchObject({
      regradeOf: { id: "s1", status: "failed" },
      regrades: [],
    });
  });

  it("shows a finished submission's stored outcome when its events are gone", async () => {
    const result = {
      version: 3,
      submissionId: "s6",
      exercise: "first-image",
      status: "failed",
      score: 0.5,
      phases: [],
      checks: [],
      logTruncated: false,
    };
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "createdAt")
       VALUES ('s6', 'ann', 'first-image', '[]'::jsonb, 'failed', $1::jsonb, now() AT TIME ZONE 'UTC')`,
      [JSON.stringify(result)],
    );
    expect((await submissions.loadSubmissionDetail("s6", ADMIN_SCOPE)).view).toMatchObject({
      status: "failed",
      result,
      log: "",
    });
    // Still queued with no event: nothing to fill in, the stream follows it from the start.
    expect((await submissions.loadSubmissionDetail("s4", ADMIN_SCOPE)).view).toEqual({
      status: "queued",
      log: "",
      lastEventId: "0",
    });
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    for (const id of ["nosuch", "../s1"]) {
      await expect(submissions.loadSubmissionDetail(id, ADMIN_SCOPE)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("class scope", () => {
  let staff: typeof import("../access/staff-scope");
  const otto = { id: "otto", role: "instructor" as const };

  beforeAll(async () => {
    staff = await import("../access/staff-scope");
    // Otto teaches class A (Ann); Bob is in class B, taught by someone else.
    await insertUsers(db, [
      { id: "otto", role: "instructor" },
      { id: "zed", role: "instructor" },
    ]);
    await insertClass(db, { id: "class-a", instructors: ["otto"], learners: ["ann"] });
    await insertClass(db, { id: "class-b", instructors: ["zed"], learners: ["bob"] });
  });

  it("lists only the given learners' submissions, re-grades included, with every other filter", async () => {
    const page = await submissions.listSubmissions({}, ["ann"]);
    expect(page.total).toBe(3);
    expect(ids(page)).toEqual(["s6", "s2", "s1"]);
    expect(ids(await submissions.listSubmissions({ exercise: "first-image" }, ["ann"]))).toEqual(["s6", "s2", "s1"]);
    expect((await submissions.listSubmissions({ learner: "bob" }, ["ann"])).total).toBe(0);
    expect((await submissions.listSubmissions({ exercise: "size-budget" }, ["ann"])).total).toBe(0);
    expect((await submissions.listSubmissions({}, [])).total).toBe(0);
    const view = await staff.classView(otto, "class-b");
    expect(ids(await submissions.listSubmissions({ status: "error" }, view.learners))).toEqual([]);
  });

  it("answers another class's submission exactly as an unknown id", async () => {
    const scope = await staff.staffScope(otto);
    expect((await submissions.loadSubmissionDetail("s1", scope)).learner.id).toBe("ann");
    const unknown = await submissions.loadSubmissionDetail("nosuch", scope).catch((err: unknown) => err);
    for (const id of ["s3", "p001"]) {
      const other = await submissions.loadSubmissionDetail(id, scope).catch((err: unknown) => err);
      expect(other).toMatchObject({ code: "NOT_FOUND" });
      expect(other).toEqual(unknown);
    }
  });
});
