import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { Quiz } from "../content/schemas";
import { gradeAnswer } from "../quiz/grade-answer";

let db: pg.Pool;
let drop: () => Promise<void>;
let stats: typeof import("./quiz-stats");
let quiz: Quiz;

// Its quiz has one question of each kind: which-tool (single), predict-delete (predict), cold-start-order
// (ordering: pull, start, load, ready) and shrink-choices (multiple: cpuwheel, slim and nocache are correct).
const LESSON = "image-size-and-cold-starts";

const right = {
  "which-tool": ["history"],
  "predict-delete": ["nochange"],
  "cold-start-order": ["pull", "start", "load", "ready"],
  "shrink-choices": ["cpuwheel", "slim", "nocache"],
};

/** Each learner's first attempt: everybody finds the tool, nobody predicts right, half order and choose right. */
const FIRST: Record<string, Record<string, string[]>> = {
  q1: { ...right, "predict-delete": ["shrinks"], "shrink-choices": ["nocache", "slim", "cpuwheel"] },
  q2: { ...right, "predict-delete": ["shrinks"] },
  q3: { ...right, "predict-delete": ["shrinks"], "shrink-choices": ["cpuwheel", "slim"] },
  q4: {
    ...right,
    "predict-delete": ["shrinks"],
    "cold-start-order": ["start", "pull", "load", "ready"],
    "shrink-choices": ["cpuwheel", "slim", "nocache", "squash-model"],
  },
  q5: {
    ...right,
    "predict-delete": ["grows"],
    "cold-start-order": ["pull", "start", "ready", "load"],
    "shrink-choices": ["squash-model"],
  },
  // A repeated option is one choice, as gradeAnswer takes it.
  q6: {
    ...right,
    "predict-delete": ["grows"],
    "cold-start-order": ["pull", "load", "start", "ready"],
    "shrink-choices": ["slim", "cpuwheel", "nocache", "cpuwheel"],
  },
};

async function attempt(user: string, answers: Record<string, string[]>, minutesAgo: number, quizId = quiz.id) {
  const grade = gradeAnswer(quiz, answers);
  await db.query(
    `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total, "createdAt")
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, (now() AT TIME ZONE 'UTC') - make_interval(mins => $8))`,
    [`${user}-${minutesAgo}`, user, LESSON, quizId, JSON.stringify(answers), grade.correct, grade.total, minutesAgo],
  );
}

const wrong = {
  "which-tool": ["ls"],
  "predict-delete": ["grows"],
  "cold-start-order": ["ready", "load", "start", "pull"],
  "shrink-choices": ["squash-model"],
};

beforeAll(async () => {
  const database = await createTestDatabase("quiz_stats");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  stats = await import("./quiz-stats");
  quiz = (await (await import("../content/load-lesson")).loadQuizForLesson(LESSON)).quiz;
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [...Object.keys(FIRST).map((id) => ({ id })), { id: "teacher", role: "instructor" }]);
  for (const [user, answers] of Object.entries(FIRST)) await attempt(user, answers, 60);
  // q5 tries again later and gets everything right: only the latest attempts see it.
  await attempt("q5", right, 10);
  // q1 answered an earlier quiz of this lesson, with another id, before: not this quiz's first attempt.
  await attempt("q1", wrong, 120, "an-earlier-quiz");
  // Staff answers are not the class's.
  await attempt("teacher", wrong, 30);
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([pool().end(), db?.end()]);
  await drop?.();
});

const question = (s: Awaited<ReturnType<typeof stats.quizStats>>, id: string) => s.questions.find((q) => q.id === id)!;

describe("quizStats from first attempts", () => {
  it("lists the questions in the quiz's order, with learners and their average score", async () => {
    const s = await stats.quizStats(LESSON, "first", null);
    expect(s.questions.map((q) => q.id)).toEqual(quiz.questions.map((q) => q.id));
    expect(s).toMatchObject({ lesson: { slug: LESSON }, attempt: "first", learners: 6 });
    // Right answers per learner: 3, 3, 2, 1, 1, 2 of 4.
    expect(s.averageScore).toBeCloseTo(12 / 24, 10);
  });

  it("flags the question everybody gets right and the one nobody does", async () => {
    const s = await stats.quizStats(LESSON, "first", null);
    expect(s.questions.map((q) => [q.id, q.fullyRight, q.answered, q.flag])).toEqual([
      ["which-tool", 6, 6, "easy"],
      ["predict-delete", 0, 6, "hard"],
      ["cold-start-order", 3, 6, "none"],
      ["shrink-choices", 3, 6, "none"],
    ]);
  });

  it("gives the share of learners who chose each option, the correct ones marked", async () => {
    const predict = question(await stats.quizStats(LESSON, "first", null), "predict-delete");
    if (predict.kind === "ordering") throw new Error("expected a choice question");
    expect(predict.options.map((o) => [o.id, o.correct, o.learners, o.share])).toEqual([
      ["nochange", true, 0, 0],
      ["shrinks", false, 4, 4 / 6],
      ["grows", false, 2, 2 / 6],
    ]);
    const multiple = question(await stats.quizStats(LESSON, "first", null), "shrink-choices");
    if (multiple.kind === "ordering") throw new Error("expected a choice question");
    expect(Object.fromEntries(multiple.options.map((o) => [o.id, o.learners]))).toEqual({
      cpuwheel: 5,
      slim: 5,
      nocache: 4,
      "squash-model": 2,
    });
  });

  it("gives, for an ordering question, the share who put the right item at each position", async () => {
    const order = question(await stats.quizStats(LESSON, "first", null), "cold-start-order");
    if (order.kind !== "ordering") throw new Error("expected an ordering question");
    expect(order.positions.map((p) => [p.position, p.id, p.learners])).toEqual([
      [1, "pull", 5],
      [2, "start", 4],
      [3, "load", 4],
      [4, "ready", 5],
    ]);
    expect(order.share).toBe(3 / 6);
  });
});

describe("quizStats from latest attempts", () => {
  it("takes each learner's newest attempt instead", async () => {
    const s = await stats.quizStats(LESSON, "latest", null);
    expect(s.learners).toBe(6);
    // q5's second attempt got the prediction right: 1 of 6 is more than 10 %, so no longer flagged.
    expect(question(s, "predict-delete")).toMatchObject({ fullyRight: 1, flag: "none" });
    expect(question(s, "shrink-choices")).toMatchObject({ fullyRight: 4 });
  });
});

describe("quizOverview", () => {
  it("lists every lesson quiz with learners, average first-attempt score and flagged questions", async () => {
    const { loadCourse } = await import("../content/load-course");
    const overview = await stats.quizOverview(null);
    expect(overview.map((q) => q.lesson.slug)).toEqual(
      (await loadCourse()).lessons.filter((l) => l.quizFile).map((l) => l.slug),
    );
    const summary = overview.find((q) => q.lesson.slug === LESSON)!;
    expect(summary).toMatchObject({ questions: 4, learners: 6, flagged: { hard: 1, easy: 1 } });
    expect(summary.averageFirstScore).toBeCloseTo(0.5, 10);
    const untouched = overview.find((q) => q.lesson.slug !== LESSON)!;
    expect(untouched).toMatchObject({ learners: 0, flagged: { hard: 0, easy: 0 } });
    expect(untouched.averageFirstScore).toBeUndefined();
  });
});

describe("quiz statistics of some learners (a class)", () => {
  it("counts only the learners given, first or latest attempt", async () => {
    const first = await stats.quizStats(LESSON, "first", ["q5", "q6"]);
    expect(first.learners).toBe(2);
    const predict = question(first, "predict-delete");
    expect(predict).toMatchObject({ answered: 2, fullyRight: 0, flag: "none" });
    if (predict.kind === "ordering") throw new Error("predict-delete is a choice");
    // Four other learners chose "shrinks" first; none of them is in this view.
    expect(predict.options.find((o) => o.id === "shrinks")?.learners).toBe(0);
    expect(predict.options.find((o) => o.id === "grows")?.learners).toBe(2);
    const latest = await stats.quizStats(LESSON, "latest", ["q5", "q6"]);
    expect(question(latest, "predict-delete")).toMatchObject({ answered: 2, fullyRight: 1 });
    expect((await stats.quizStats(LESSON, "first", [])).learners).toBe(0);
  });

  it("filters the overview the same way", async () => {
    const summary = (await stats.quizOverview(["q1", "q2"])).find((q) => q.lesson.slug === LESSON)!;
    // Two learners are below the flagging minimum: nothing is flagged for them.
    expect(summary).toMatchObject({ learners: 2, flagged: { hard: 0, easy: 0 } });
  });
});
