import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import type { ResultDocument } from "../grading/result-schema";

let db: pg.Pool;
let drop: () => Promise<void>;
let sizes: typeof import("./size-history");

const EXERCISE = "size-budget";
const MB = 1_000_000;
const SINGLE = "FROM python:3.11\nRUN gcc --version\n";
const MULTI = "FROM python:3.11 AS build\nRUN gcc --version\nFROM python:3.11-slim\nCOPY --from=build /b /b\n";

function resultDocument(id: string, sizeBytes?: number): ResultDocument {
  return {
    version: 4,
    submissionId: id,
    exercise: EXERCISE,
    status: "failed",
    score: 0.5,
    phases: [],
    checks: [],
    logTruncated: false,
    ...(sizeBytes === undefined ? {} : { image: { sizeBytes, layers: [] } }),
  };
}

interface Row {
  id: string;
  user: string;
  dockerfile: string;
  status: "queued" | "running" | "passed" | "failed" | "error";
  mb?: number;
  minutesAgo: number;
  exercise?: string;
  regradeOf?: string;
}

async function insert(row: Row) {
  const graded = row.status === "passed" || row.status === "failed";
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, $4::jsonb, $5::"SubmissionStatus", $6::jsonb, $7,
             (now() AT TIME ZONE 'UTC') - make_interval(mins => $8))`,
    [
      row.id,
      row.user,
      row.exercise ?? EXERCISE,
      JSON.stringify([{ path: "Dockerfile", content: row.dockerfile }]),
      row.status,
      graded ? JSON.stringify(resultDocument(row.id, row.mb === undefined ? undefined : row.mb * MB)) : null,
      row.regradeOf ?? null,
      row.minutesAgo,
    ],
  );
}

let spec: ExerciseSpec;

beforeAll(async () => {
  const database = await createTestDatabase("size_history");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  sizes = await import("./size-history");
  spec = (await (await import("../exercises/load-exercise")).loadExercise(EXERCISE)).spec;
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
  // Alice at size-budget, oldest first: two single-stage images, an errored try, a failed build (no image), a
  // multi-stage one, then the attempt being graded (a6), and a later single-stage one graded after it.
  await insert({ id: "a1", user: "alice", dockerfile: SINGLE, status: "failed", mb: 640, minutesAgo: 60 });
  await insert({ id: "a2", user: "alice", dockerfile: SINGLE, status: "passed", mb: 650, minutesAgo: 55 });
  await insert({ id: "a3", user: "alice", dockerfile: SINGLE, status: "error", minutesAgo: 50 });
  await insert({ id: "a4", user: "alice", dockerfile: SINGLE, status: "failed", minutesAgo: 45 });
  await insert({ id: "a5", user: "alice", dockerfile: MULTI, status: "failed", mb: 300, minutesAgo: 40 });
  await insert({ id: "a6", user: "alice", dockerfile: MULTI, status: "running", minutesAgo: 30 });
  await insert({ id: "a7", user: "alice", dockerfile: SINGLE, status: "failed", mb: 700, minutesAgo: 20 });
  // An instructor's re-grade of a6, and one of a2 whose single-stage image is not the learner's history.
  await insert({ id: "r6", user: "alice", dockerfile: MULTI, status: "running", regradeOf: "a6", minutesAgo: 5 });
  await insert({
    id: "r2",
    user: "alice",
    dockerfile: SINGLE,
    status: "passed",
    mb: 9,
    regradeOf: "a2",
    minutesAgo: 4,
  });
  // Alice's single-stage image at another exercise.
  await insert({ id: "x1", user: "alice", dockerfile: SINGLE, status: "passed", mb: 5, exercise: "x", minutesAgo: 35 });
  // Bob: a multi-stage attempt, a single-stage one, then the one being graded, all at the same exercise.
  await insert({ id: "b1", user: "bob", dockerfile: MULTI, status: "failed", mb: 210, minutesAgo: 58 });
  await insert({ id: "b2", user: "bob", dockerfile: SINGLE, status: "failed", mb: 1, minutesAgo: 33 });
  await insert({ id: "b3", user: "bob", dockerfile: MULTI, status: "running", minutesAgo: 31 });
});

afterAll(async () => {
  await db?.end();
  await drop?.();
});

const grade = (id: string, dockerfile: string, mb: number | undefined, exerciseSpec = spec) =>
  sizes.withSizeComparison(db, {
    spec: exerciseSpec,
    submission: { id, files: [{ path: "Dockerfile", content: dockerfile }] },
    result: resultDocument(id, mb === undefined ? undefined : mb * MB),
  });

describe("earlierImageSizes", () => {
  it("lists the learner's own measured attempts before this one, numbered as their history numbers them", async () => {
    expect(await sizes.earlierImageSizes(db, "a6")).toEqual([
      { submissionId: "a1", attempt: 1, sizeBytes: 640 * MB, stages: 1 },
      { submissionId: "a2", attempt: 2, sizeBytes: 650 * MB, stages: 1 },
      { submissionId: "a5", attempt: 5, sizeBytes: 300 * MB, stages: 2 },
    ]);
  });

  it("counts a re-grade from the attempt it grades again", async () => {
    expect(await sizes.earlierImageSizes(db, "r6")).toEqual(await sizes.earlierImageSizes(db, "a6"));
  });

  it("has nothing for a submission that does not exist", async () => {
    expect(await sizes.earlierImageSizes(db, "nope")).toEqual([]);
  });
});

describe("withSizeComparison", () => {
  it("compares a multi-stage attempt with the learner's newest earlier single-stage one", async () => {
    expect((await grade("a6", MULTI, 151)).sizeComparison).toEqual({
      stages: 2,
      baseline: { submissionId: "a2", attempt: 2, kind: "single-stage", sizeBytes: 650 * MB },
    });
  });

  it("never uses another learner's attempt", async () => {
    // Bob's own single-stage b2 is his baseline; Alice's, though there are more of them, never are.
    expect((await grade("b3", MULTI, 150)).sizeComparison?.baseline).toMatchObject({ submissionId: "b2" });
    // Bob's first attempt has nothing of his own before it.
    expect((await grade("b1", MULTI, 210)).sizeComparison).toEqual({ stages: 2 });
  });

  it("leaves the result alone when the image was not built or the exercise compares nothing", async () => {
    expect((await grade("a6", MULTI, undefined)).sizeComparison).toBeUndefined();
    const plain: ExerciseSpec = { ...spec, checks: { ...spec.checks, size: { maxMB: 200 } } };
    expect((await grade("a6", MULTI, 151, plain)).sizeComparison).toBeUndefined();
  });
});
