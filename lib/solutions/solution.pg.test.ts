import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { LatePolicy } from "../classes/late-policy";
import { RequestError } from "../errors/request-error";
import { HINTED, SOLUTION_DOCKERFILE, SOLUTION_MARKER, writeHintedCourse } from "../exercises/testing/hinted-course";

let db: pg.Pool;
let drop: () => Promise<void>;
let removeCourse: () => Promise<void>;
let solution: typeof import("./solution");
let submissionCount = 0;

const DAY = 86_400_000;
const NOW = new Date();
const daysFromNow = (days: number) => new Date(NOW.getTime() + days * DAY);

async function submission(
  user: string,
  status: "passed" | "failed" | "queued",
  opts: { regradeOf?: string; dockerfile?: string } = {},
): Promise<string> {
  const id = `s${++submissionCount}`;
  const files = [{ path: "Dockerfile", content: opts.dockerfile ?? `FROM python:3.11-slim\n# attempt ${id}\n` }];
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, $4::jsonb, $5::"SubmissionStatus", $6,
             (now() AT TIME ZONE 'UTC') - interval '1 hour' + make_interval(secs => $7))`,
    [id, user, HINTED, JSON.stringify(files), status, opts.regradeOf ?? null, submissionCount],
  );
  return id;
}

/** A class assigning the fixture exercise, due `dueInDays` from now, with `learners` in it. */
async function assignedClass(id: string, dueInDays: number, latePolicy: LatePolicy, learners: string[]) {
  await db.query(`INSERT INTO class (id, name, term) VALUES ($1, $1, 'Fall')`, [id]);
  for (const learner of learners) await joinClass(id, learner, -30);
  // Timestamps are stored as UTC wall-clock time: the ISO text's zone is dropped by the column.
  await db.query(
    `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "updatedAt")
     VALUES ($1, $2, 'exercise', $3, $4, $5::jsonb, now())`,
    [`${id}-hinted`, id, HINTED, daysFromNow(dueInDays).toISOString(), JSON.stringify(latePolicy)],
  );
}

/** The learner joins the class `joinedInDays` from now (negative: that many days ago). */
async function joinClass(classId: string, learner: string, joinedInDays: number) {
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source, "joinedAt") VALUES ($1, $2, 'learner', 'code', $3)`,
    [classId, learner, daysFromNow(joinedInDays).toISOString()],
  );
}

async function refusal(promise: Promise<unknown>): Promise<RequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RequestError);
  return err as RequestError;
}

async function seenRows(user: string): Promise<Array<{ by: string; seenAt: Date }>> {
  const { rows } = await db.query(`SELECT "by", "seenAt" FROM solution_seen WHERE "userId" = $1`, [user]);
  return rows;
}

/** Refused, with a reason and not one line of the solution, and nothing recorded as seen. */
async function expectClosed(user: string, now = NOW): Promise<RequestError> {
  const view = await solution.solutionView(user, HINTED, now);
  expect(view.open).toBe(false);
  expect(JSON.stringify(view)).not.toContain(SOLUTION_MARKER);
  const err = await refusal(solution.revealSolution(user, HINTED, now));
  expect(err.code).toBe("FORBIDDEN");
  expect(err.httpStatus).toBe(403);
  expect(JSON.stringify(err.toJSON())).not.toContain(SOLUTION_MARKER);
  expect(await seenRows(user)).toEqual([]);
  return err;
}

beforeAll(async () => {
  const course = await writeHintedCourse();
  removeCourse = course.remove;
  process.env.CONTENT_DIR = course.root;
  const database = await createTestDatabase("solution");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  solution = await import("./solution");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "fay" },
    { id: "pat" },
    { id: "reg" },
    { id: "lost" },
    { id: "del" },
    { id: "lat" },
    { id: "ext" },
    { id: "evr" },
    { id: "nob" },
    { id: "new" },
  ]);
  // Credit ended 8 days ago (due 10 days ago, 50 % for 2 days).
  await assignedClass("class-done", -10, [{ days: 2, credit: 50 }], ["del", "lat", "ext"]);
  // Due yesterday, but 50 % for 3 days: it still earns credit for 2 days.
  await assignedClass("class-late", -1, [{ days: 3, credit: 50 }], ["lat"]);
  // Late work earns 10 % for ever.
  await assignedClass("class-forever", -5, [{ days: null, credit: 10 }], ["evr"]);
  // Due yesterday; the late step gives nothing, so credit ended at the due date.
  await assignedClass("class-zero", -1, [{ days: 5, credit: 0 }], ["nob"]);
  await db.query(
    `INSERT INTO assignment_extension ("assignmentId", "userId", "dueAt", reason) VALUES ($1, 'ext', $2, 'ill')`,
    ["class-done-hinted", daysFromNow(1).toISOString()],
  );
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
  await removeCourse?.();
});

describe("before passing, with nothing assigned", () => {
  it("refuses the solution with the reason, and sends none of it", async () => {
    await submission("fay", "failed");
    await submission("fay", "queued", { dockerfile: SOLUTION_DOCKERFILE });
    const err = await expectClosed("fay");
    expect(err.message).toBe("The reference solution opens once you pass this exercise.");
  });
});

describe("after passing", () => {
  it("opens the solution's editable files with a diff from the learner's last attempt", async () => {
    await submission("pat", "failed");
    const last = await submission("pat", "passed", { dockerfile: "FROM python:3.11-slim\nCOPY . .\n" });
    // Open, but no file of it until asked for: asking is what gets recorded.
    const view = await solution.solutionView("pat", HINTED, NOW);
    expect(view).toEqual({ open: true, by: "passed", solution: null });
    expect(await seenRows("pat")).toEqual([]);
    const open = await solution.revealSolution("pat", HINTED, NOW);
    expect(open.by).toBe("passed");
    expect(open.files).toEqual([
      { path: "Dockerfile", content: SOLUTION_DOCKERFILE },
      { path: "notes.txt", content: "starter notes\n" },
    ]);
    expect(open.comparedWith).toEqual({ label: "your last attempt", attemptId: last });
    const [dockerfile, notes] = open.diff;
    expect(dockerfile).toMatchObject({ path: "Dockerfile", change: "modified", added: 3, removed: 1 });
    const lines = dockerfile!.hunks.flatMap((h) => h.lines);
    expect(lines).toContainEqual({ kind: "remove", text: "COPY . .", oldLine: 2 });
    expect(lines).toContainEqual({ kind: "add", text: `# ${SOLUTION_MARKER}`, newLine: 2 });
    expect(notes).toMatchObject({ path: "notes.txt", change: "unchanged" });
    // The first ask is kept; later ones and the page's view (which now carries the files) change nothing.
    const [first] = await seenRows("pat");
    expect(first).toMatchObject({ by: "passed" });
    expect(await solution.revealSolution("pat", HINTED, NOW)).toEqual(open);
    expect(await solution.solutionView("pat", HINTED, NOW)).toEqual({ open: true, by: "passed", solution: open });
    expect(await seenRows("pat")).toEqual([first]);
  });

  it("goes by the standing grade: a finished re-grade that passes opens it, one that fails closes it", async () => {
    const original = await submission("reg", "failed");
    await submission("reg", "passed", { regradeOf: original });
    expect((await solution.revealSolution("reg", HINTED, NOW)).comparedWith.attemptId).toBe(original);

    const passed = await submission("lost", "passed");
    await submission("lost", "failed", { regradeOf: passed });
    await expectClosed("lost");
  });
});

describe("by due dates", () => {
  it("opens once every assignment's credit has ended, compared with the starter before any attempt", async () => {
    expect(await solution.solutionView("nob", HINTED, NOW)).toEqual({ open: true, by: "deadline", solution: null });
    const view = await solution.revealSolution("nob", HINTED, NOW);
    expect(view.by).toBe("deadline");
    expect(view.comparedWith).toEqual({ label: "the starter files" });
    expect(view.diff[0]).toMatchObject({ path: "Dockerfile", change: "modified" });
    expect(await seenRows("nob")).toMatchObject([{ by: "deadline" }]);

    await submission("del", "failed");
    expect((await solution.revealSolution("del", HINTED, NOW)).by).toBe("deadline");
  });

  it("stays closed while a late step of any class still earns credit, until that step ends", async () => {
    const err = await expectClosed("lat");
    const opensAt = daysFromNow(2);
    expect(err.details).toEqual({ opensAt });
    expect(err.message).toContain(`after ${opensAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    await expectClosed("lat", new Date(opensAt.getTime() - 60_000));
    const later = await solution.solutionView("lat", HINTED, new Date(opensAt.getTime() + 60_000));
    expect(later.open).toBe(true);
  });

  it("opens nothing through a class joined after its deadline: last term's class hands over no solution", async () => {
    // Joined class-done today, eight days after its credit ended: the learner was never bound by that deadline.
    await joinClass("class-done", "new", 0);
    await expectClosed("new");
    expect((await solution.solutionView("new", HINTED, daysFromNow(30))).open).toBe(false);
  });

  it("follows the learner's extension, and never opens while late work earns credit for ever", async () => {
    await expectClosed("ext");
    expect((await solution.solutionView("ext", HINTED, daysFromNow(4))).open).toBe(true);
    const err = await expectClosed("evr", daysFromNow(1000));
    expect(err.message).toBe(
      "The reference solution opens once you pass this exercise: your class accepts late work for it for ever.",
    );
  });
});
