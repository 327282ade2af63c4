import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let stats: typeof import("./exercise-stats");

const EXERCISE = "first-image";
const OTHER = "layer-order";
// A lesson the course has, so the check's lesson is resolved to its title.
const LESSON = "dockerfile-for-ml-service";

/** A result document whose checks "a", "b" and "c" pass except the failing ones. */
function result(status: "passed" | "failed", score: number, failing: string[] = []) {
  return {
    version: 3,
    submissionId: "x",
    exercise: EXERCISE,
    status,
    score,
    phases: [],
    checks: ["a", "b", "c"].map((id) => ({
      id,
      category: "correctness",
      title: `Check ${id.toUpperCase()}`,
      status: failing.includes(id) ? "fail" : "pass",
      points: failing.includes(id) ? 0 : 1,
      maxPoints: 1,
      message: "m",
      fix: "f",
      lesson: id === "a" ? LESSON : "no-such-lesson",
    })),
    logTruncated: false,
  };
}

interface Row {
  id: string;
  user: string;
  exercise?: string;
  status: string;
  result?: unknown;
  minutesAgo: number;
  regradeOf?: string;
}

async function insert(row: Row) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "createdAt", "regradeOfId")
     VALUES ($1, $2, $3, '[]'::jsonb, $4::"SubmissionStatus", $5::jsonb,
             (now() AT TIME ZONE 'UTC') - make_interval(mins => $6), $7)`,
    [
      row.id,
      row.user,
      row.exercise ?? EXERCISE,
      row.status,
      row.result === undefined ? null : JSON.stringify(row.result),
      row.minutesAgo,
      row.regradeOf ?? null,
    ],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("exercise_stats");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  stats = await import("./exercise-stats");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "l1" },
    { id: "l2" },
    { id: "l3" },
    { id: "l4" },
    { id: "teacher", role: "instructor" },
  ]);
  // l1 passes on the second attempt.
  await insert({ id: "a1", user: "l1", status: "failed", result: result("failed", 0.4, ["a", "b"]), minutesAgo: 50 });
  await insert({ id: "a2", user: "l1", status: "passed", result: result("passed", 0.95), minutesAgo: 40 });
  // l2: a platform error in between does not count as an attempt, so l2 passes on the third counted attempt.
  await insert({ id: "b1", user: "l2", status: "failed", result: result("failed", 0.2, ["a"]), minutesAgo: 30 });
  await insert({ id: "b2", user: "l2", status: "error", minutesAgo: 25 });
  await insert({ id: "b3", user: "l2", status: "failed", result: result("failed", 0.5, ["a", "b"]), minutesAgo: 20 });
  await insert({ id: "b4", user: "l2", status: "passed", result: result("passed", 1), minutesAgo: 10 });
  // l3 failed with "a" and "c" failing; an instructor's re-grade passed it, and a newer re-grade is still queued.
  await insert({ id: "c1", user: "l3", status: "failed", result: result("failed", 0.3, ["a", "c"]), minutesAgo: 15 });
  await insert({
    id: "c1-r1",
    user: "l3",
    status: "passed",
    result: result("passed", 0.85),
    minutesAgo: 5,
    regradeOf: "c1",
  });
  await insert({ id: "c1-r2", user: "l3", status: "queued", minutesAgo: 1, regradeOf: "c1" });
  // l4's only attempt is still queued: no grade, not counted.
  await insert({ id: "d1", user: "l4", status: "queued", minutesAgo: 2 });
  // Staff are not the class.
  await insert({
    id: "t1",
    user: "teacher",
    status: "failed",
    result: result("failed", 0, ["a", "b", "c"]),
    minutesAgo: 3,
  });
  // Another exercise: l1 failed it with "a" failing.
  await insert({
    id: "o1",
    user: "l1",
    exercise: OTHER,
    status: "failed",
    result: result("failed", 0.6, ["a"]),
    minutesAgo: 60,
  });
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([pool().end(), db?.end()]);
  await drop?.();
});

describe("exerciseStats", () => {
  it("counts learners, passes and graded attempts, with the standing grade of a re-graded attempt", async () => {
    const s = await stats.exerciseStats(EXERCISE, null);
    expect(s).toMatchObject({ slug: EXERCISE, learners: 3, passed: 3, passRate: 1, attempts: 6 });
    // Attempts to pass: l1 2, l2 3 (the error is not an attempt), l3 1 (the re-grade stands for the attempt).
    expect(s.medianAttemptsToPass).toBe(2);
    expect(s.attemptsToPass).toEqual([
      { attempts: 1, learners: 1 },
      { attempts: 2, learners: 1 },
      { attempts: 3, learners: 1 },
    ]);
  });

  it("counts failing checks over the standing gradings only, most failed first", async () => {
    const { checkFailures } = await stats.exerciseStats(EXERCISE, null);
    // "c" failed only in c1, which the passing re-grade replaced; the instructor's failures are not counted.
    expect(checkFailures).toEqual([
      {
        id: "a",
        title: "Check A",
        lesson: { slug: LESSON, title: expect.any(String) },
        attempts: 3,
        share: 3 / 6,
        learners: 2,
      },
      { id: "b", title: "Check B", attempts: 2, share: 2 / 6, learners: 2 },
    ]);
  });

  it("buckets learners by their best standing score", async () => {
    const { bestScores } = await stats.exerciseStats(EXERCISE, null);
    expect(bestScores).toHaveLength(11);
    // l3's best is the re-grade's 0.85, l1's 0.95, l2's full marks.
    expect(bestScores.filter((b) => b.learners > 0)).toEqual([
      { bucket: 8, learners: 1 },
      { bucket: 9, learners: 1 },
      { bucket: 10, learners: 1 },
    ]);
  });

  it("lets a finished re-grade change the pass rate and the check failures", async () => {
    const before = await stats.exerciseStats(OTHER, null);
    expect(before).toMatchObject({ learners: 1, passed: 0, passRate: 0, attempts: 1 });
    expect(before.medianAttemptsToPass).toBeUndefined();
    expect(before.checkFailures.map((c) => [c.id, c.attempts])).toEqual([["a", 1]]);

    await insert({
      id: "o1-r1",
      user: "l1",
      exercise: OTHER,
      status: "passed",
      result: result("passed", 1),
      minutesAgo: 1,
      regradeOf: "o1",
    });
    const after = await stats.exerciseStats(OTHER, null);
    expect(after).toMatchObject({ learners: 1, passed: 1, passRate: 1, attempts: 1, medianAttemptsToPass: 1 });
    expect(after.checkFailures).toEqual([]);
  });

  it("answers NOT_FOUND for an exercise the course does not have", async () => {
    await expect(stats.exerciseStats("no-such-exercise", null)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("exerciseOverview", () => {
  it("lists every exercise of the course, with zeros for one nobody attempted", async () => {
    const { listExercises } = await import("../exercises/load-exercise");
    const overview = await stats.exerciseOverview(null);
    expect(overview.map((e) => e.slug).sort()).toEqual((await listExercises()).map((e) => e.slug).sort());
    expect(overview.find((e) => e.slug === EXERCISE)).toMatchObject({
      learners: 3,
      passed: 3,
      attempts: 6,
      medianAttemptsToPass: 2,
    });
    const untouched = overview.find((e) => e.slug !== EXERCISE && e.slug !== OTHER)!;
    expect(untouched).toMatchObject({ learners: 0, passed: 0, attempts: 0 });
    expect(untouched.passRate).toBeUndefined();
  });
});

describe("statistics of some learners (a class)", () => {
  it("counts only the learners given in every number, check and score of an exercise", async () => {
    const a = await stats.exerciseStats(EXERCISE, ["l1", "l2"]);
    expect(a).toMatchObject({ learners: 2, passed: 2, attempts: 5 });
    expect(a.attemptsToPass).toEqual([
      { attempts: 1, learners: 0 },
      { attempts: 2, learners: 1 },
      { attempts: 3, learners: 1 },
    ]);
    expect(a.checkFailures.map((c) => [c.id, c.attempts, c.learners])).toEqual([
      ["a", 3, 2],
      ["b", 2, 2],
    ]);
    expect(a.bestScores.filter((b) => b.learners > 0).map((b) => b.bucket)).toEqual([9, 10]);
    // l3 alone: one attempt, passed by the re-grade, so no check failure stands.
    const b = await stats.exerciseStats(EXERCISE, ["l3"]);
    expect(b).toMatchObject({ learners: 1, passed: 1, attempts: 1, medianAttemptsToPass: 1, checkFailures: [] });
    expect(b.bestScores.filter((s) => s.learners > 0)).toEqual([{ bucket: 8, learners: 1 }]);
    const nobody = await stats.exerciseStats(EXERCISE, []);
    expect(nobody).toMatchObject({ learners: 0, attempts: 0, checkFailures: [], attemptsToPass: [] });
  });

  it("filters the overview the same way", async () => {
    const overview = await stats.exerciseOverview(["l3"]);
    expect(overview.find((e) => e.slug === EXERCISE)).toMatchObject({ learners: 1, passed: 1, attempts: 1 });
    expect(overview.find((e) => e.slug === OTHER)).toMatchObject({ learners: 0, attempts: 0 });
  });
});
