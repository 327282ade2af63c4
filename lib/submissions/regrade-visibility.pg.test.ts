import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

/** What a learner sees of an instructor's re-grade on their own pages. */
let db: pg.Pool;
let drop: () => Promise<void>;
let latestSubmission: typeof import("./get-submission").latestSubmission;
let exerciseProgress: typeof import("../progress/exercise-progress").exerciseProgress;

async function submission(id: string, status: string, score: number | null, minutesAgo: number, regradeOf?: string) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "regradeOfId", "createdAt")
     VALUES ($1, 'lee', 'first-image', '[]', $2::"SubmissionStatus", $3::jsonb, $4,
             (now() AT TIME ZONE 'UTC') - make_interval(mins => $5))`,
    [id, status, score === null ? null : JSON.stringify({ score }), regradeOf ?? null, minutesAgo],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("regrade_visibility");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ latestSubmission } = await import("./get-submission"));
  ({ exerciseProgress } = await import("../progress/exercise-progress"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "lee", name: "Lee" }]);
});

afterAll(async () => {
  await db?.end();
  await drop?.();
});

describe("a re-grade on the learner's side", () => {
  it("never becomes the submission the exercise page follows", async () => {
    await submission("first", "passed", 0.9, 30);
    await submission("second", "failed", 0.4, 20);
    await submission("regrade-of-first", "queued", null, 1, "first");
    expect((await latestSubmission("lee", "first-image"))?.id).toBe("second");
  });

  it("counts the grade that stands: a finished re-grade replaces its original's", async () => {
    // While the re-grade waits, the original's pass stands.
    expect(await exerciseProgress("lee")).toEqual(new Map([["first-image", { status: "passed", bestScore: 0.9 }]]));
    await db.query(`UPDATE submission SET status = 'failed', result = '{"score": 0.5}' WHERE id = 'regrade-of-first'`);
    expect(await exerciseProgress("lee")).toEqual(new Map([["first-image", { status: "attempted", bestScore: 0.5 }]]));
  });
});
