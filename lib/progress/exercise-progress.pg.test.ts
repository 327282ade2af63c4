import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let progress: typeof import("./exercise-progress");

beforeAll(async () => {
  const database = await createTestDatabase("exercise_progress");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  progress = await import("./exercise-progress");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([pool().end(), db?.end()]);
  await drop?.();
});

let n = 0;
async function submit(userId: string, exercise: string, status: string, score?: number) {
  const result = score === undefined ? null : JSON.stringify({ score, status });
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result)
     VALUES ($1, $2, $3, '[]', $4::"SubmissionStatus", $5::jsonb)`,
    [`s${++n}`, userId, exercise, status, result],
  );
}

describe("exerciseProgress", () => {
  it("is empty for a learner with no submissions, so every exercise reads as not started", async () => {
    expect(await progress.exerciseProgress("alice")).toEqual(new Map());
    const index = await progress.exerciseIndex("alice");
    expect(index.length).toBeGreaterThan(0);
    expect(index.every((e) => e.progress?.status === "not-started" && e.progress.bestScore === undefined)).toBe(true);
  });

  it("counts a failed submission as attempted with its score, a passed one as passed, and the best score", async () => {
    await submit("alice", "layer-order", "failed", 0.4);
    expect((await progress.exerciseProgress("alice")).get("layer-order")).toEqual({
      status: "attempted",
      bestScore: 0.4,
    });

    await submit("alice", "layer-order", "failed", 0.7);
    await submit("alice", "layer-order", "passed", 0.6);
    await submit("alice", "layer-order", "error");
    expect((await progress.exerciseProgress("alice")).get("layer-order")).toEqual({ status: "passed", bestScore: 0.7 });
  });

  it("counts a submission still being graded as attempted, without a score", async () => {
    await submit("alice", "first-image", "queued");
    expect((await progress.exerciseProgress("alice")).get("first-image")).toEqual({ status: "attempted" });
  });

  it("ignores other learners' submissions", async () => {
    await submit("bob", "size-budget", "passed", 1);
    const alice = await progress.exerciseProgress("alice");
    expect(alice.has("size-budget")).toBe(false);
    expect((await progress.exerciseProgress("bob")).get("size-budget")).toEqual({ status: "passed", bestScore: 1 });
    expect((await progress.exerciseIndex("alice")).find((e) => e.slug === "size-budget")?.progress).toEqual({
      status: "not-started",
    });
  });
});

describe("exerciseIndex", () => {
  it("lists every exercise in course order with its lesson, and no progress when signed out", async () => {
    const [{ loadCourse }, { listExercises }] = await Promise.all([
      import("../content/load-course"),
      import("../exercises/load-exercise"),
    ]);
    const [course, exercises, index] = await Promise.all([loadCourse(), listExercises(), progress.exerciseIndex()]);
    expect(index.map((e) => e.slug).sort()).toEqual(exercises.map((e) => e.slug).sort());
    const positions = index.map((e) => course.lessons.findIndex((l) => l.slug === e.lesson?.slug));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(index.every((e) => e.progress === undefined)).toBe(true);
    // Optional in the schema, but the index shows them, so every exercise of the course sets them.
    expect(index.filter((e) => !e.difficulty || !e.minutes).map((e) => e.slug)).toEqual([]);
  });
});
