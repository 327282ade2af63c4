import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { loadQuizForLesson } from "../content/load-lesson";
import type { Quiz } from "../content/schemas";

let db: pg.Pool;
let drop: () => Promise<void>;
let recordQuizAttempt: typeof import("./record-attempt").recordQuizAttempt;
let quiz: Quiz;

/**
 * Full marks for the real containers-vs-vms quiz: an ordering answer is the item order, the rest the correct
 * options.
 */
function fullMarks(): Record<string, string[]> {
  return Object.fromEntries(
    quiz.questions.map((q) => [
      q.id,
      q.kind === "ordering" ? q.items.map((i) => i.id) : q.options.filter((o) => o.correct).map((o) => o.id),
    ]),
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("quiz_attempt");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ recordQuizAttempt } = await import("./record-attempt"));
  ({ quiz } = await loadQuizForLesson("containers-vs-vms"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "ada", name: "Ada" }]);
});

afterAll(async () => {
  const { prisma } = await import("../db/client");
  await Promise.all([prisma().$disconnect(), db?.end()]);
  await drop?.();
});

const attempts = async () =>
  (await db.query(`SELECT answers, correct, total FROM quiz_attempt WHERE "userId" = 'ada' ORDER BY "createdAt"`)).rows;
const completedAt = async () =>
  (
    await db.query(
      `SELECT "completedAt" FROM lesson_progress WHERE "userId" = 'ada' AND "lessonSlug" = 'containers-vs-vms'`,
    )
  ).rows[0]?.completedAt;

describe("recordQuizAttempt", () => {
  it("uses a quiz with ordering and predict questions", () => {
    expect(quiz.questions.map((q) => q.kind)).toEqual(expect.arrayContaining(["ordering", "predict"]));
  });

  it(
    "stores every attempt with its answers as sent (an ordering answer keeps " +
      "its order), completing the lesson only on full marks",
    async () => {
      const ordering = quiz.questions.find((q) => q.kind === "ordering")!;
      const key = fullMarks()[ordering.id]!;
      const swapped = [key[1]!, key[0]!, ...key.slice(2)];
      const wrong = await recordQuizAttempt("ada", {
        lessonSlug: "containers-vs-vms",
        answers: { ...fullMarks(), [ordering.id]: swapped },
      });
      expect(wrong).toMatchObject({ correct: quiz.questions.length - 1, total: quiz.questions.length });
      expect(await completedAt()).toBeNull();

      const right = await recordQuizAttempt("ada", { lessonSlug: "containers-vs-vms", answers: fullMarks() });
      expect(right.correct).toBe(quiz.questions.length);
      expect(right.questions.find((q) => q.kind === "predict")?.reveal?.code).toContain("uname -r");
      expect(await completedAt()).toBeInstanceOf(Date);

      const rows = await attempts();
      expect(rows.map((r) => r.correct)).toEqual([quiz.questions.length - 1, quiz.questions.length]);
      expect(rows[0].answers[ordering.id]).toEqual(swapped);
      expect(rows[1].answers).toEqual(fullMarks());
    },
  );

  it("stores nothing when an ordering answer is malformed", async () => {
    const ordering = quiz.questions.find((q) => q.kind === "ordering")!;
    const before = (await attempts()).length;
    await expect(
      recordQuizAttempt("ada", {
        lessonSlug: "containers-vs-vms",
        answers: { ...fullMarks(), [ordering.id]: fullMarks()[ordering.id]!.slice(1) },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/needs all \d items in order/) });
    expect((await attempts()).length).toBe(before);
  });
});
