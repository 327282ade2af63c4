import { parse } from "csv-parse/sync";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let gradebook: typeof import("./gradebook");

const EXERCISE = "first-image";
const OTHER_EXERCISE = "layer-order";
const QUIZ = "containers-vs-vms";
const OTHER_QUIZ = "reproducible-ml-environments";
const LAB = "connect-services-on-networks";
// The gradebook shows whom the reader may see: an admin with no class selected sees every learner.
const ADA = { id: "ada", name: "Ada Admin", email: "ada@example.test", role: "admin" as const };
const IVAN = { id: "ivan", name: "Ivan Instructor", email: "ivan@example.test", role: "instructor" as const };

interface SubmissionRow {
  id: string;
  user: string;
  exercise?: string;
  status: "queued" | "running" | "passed" | "failed" | "error";
  score?: number;
  regradeOf?: string;
  minutesAgo: number;
}

async function submission(row: SubmissionRow) {
  const result =
    row.score === undefined
      ? null
      : { version: 3, submissionId: row.id, exercise: row.exercise ?? EXERCISE, status: row.status, score: row.score };
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, '[]'::jsonb, $4::"SubmissionStatus", $5::jsonb, $6,
             (now() AT TIME ZONE 'UTC') - make_interval(mins => $7))`,
    [
      row.id,
      row.user,
      row.exercise ?? EXERCISE,
      row.status,
      result && JSON.stringify(result),
      row.regradeOf ?? null,
      row.minutesAgo,
    ],
  );
}

async function labTasksDone(user: string, lab: string, tasks: string[], session: string) {
  await db.query(
    `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status) VALUES ($1, 'lab', $2, $3, 'closed')`,
    [session, user, lab],
  );
  for (const task of tasks)
    await db.query(`INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId") VALUES ($1, $2, $3, $4)`, [
      user,
      lab,
      task,
      session,
    ]);
}

async function quizAttempt(user: string, lesson: string, correct: number, total: number) {
  await db.query(
    `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total)
     VALUES (gen_random_uuid()::text, $1, $2, $2, '{}'::jsonb, $3, $4)`,
    [user, lesson, correct, total],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("gradebook");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  gradebook = await import("./gradebook");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "alice", name: "Alice Archer" },
    { id: "bob", name: "Bob Baker" },
    { id: "carol", name: "Carol Cole" },
    { id: "ivan", name: "Ivan Instructor", role: "instructor" },
    { id: "ada", name: "Ada Admin", role: "admin" },
  ]);

  // Alice: several attempts; the best graded one counts, an error (no score) and one in flight do not.
  await submission({ id: "a1", user: "alice", status: "failed", score: 0.4, minutesAgo: 50 });
  await submission({ id: "a2", user: "alice", status: "passed", score: 0.9, minutesAgo: 40 });
  await submission({ id: "a3", user: "alice", status: "error", minutesAgo: 30 });
  await submission({ id: "a4", user: "alice", status: "running", minutesAgo: 1 });
  await submission({ id: "a5", user: "alice", exercise: OTHER_EXERCISE, status: "failed", score: 0, minutesAgo: 20 });
  await quizAttempt("alice", QUIZ, 3, 5);
  await quizAttempt("alice", QUIZ, 4, 5);
  await quizAttempt("alice", QUIZ, 2, 5);
  await quizAttempt("alice", OTHER_QUIZ, 2, 3);
  // Alice did two tasks of a lab in one session and a third in a later one; a task the lab no longer has is ignored.
  await labTasksDone("alice", LAB, ["create-network", "run-features"], "l1");
  await labTasksDone("alice", LAB, ["run-api", "a-task-since-removed"], "l2");

  // Bob: his 0.95 was re-graded to 0.5 after a check changed, so it no longer counts; his other attempt's re-grade
  // is still queued, so the original 0.7 stands until it finishes.
  await submission({ id: "b1", user: "bob", status: "passed", score: 0.95, minutesAgo: 60 });
  await submission({ id: "b1-regrade", user: "bob", status: "failed", score: 0.5, regradeOf: "b1", minutesAgo: 5 });
  await submission({ id: "b2", user: "bob", status: "failed", score: 0.7, minutesAgo: 55 });
  await submission({ id: "b2-regrade", user: "bob", status: "queued", regradeOf: "b2", minutesAgo: 4 });

  // Carol has nothing graded: her one finished attempt's stored result has lost its score, so it cannot count.
  await submission({ id: "c1", user: "carol", status: "failed", minutesAgo: 15 });
  await db.query(`UPDATE submission SET result = '{"version": 3, "score": "high"}'::jsonb WHERE id = 'c1'`);

  // The instructor and the admin try things out; they are not learners.
  await submission({ id: "i1", user: "ivan", status: "passed", score: 1, minutesAgo: 10 });
  await quizAttempt("ivan", QUIZ, 5, 5);
  await submission({ id: "d1", user: "ada", status: "passed", score: 1, minutesAgo: 10 });
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

const exerciseKey = (slug: string) => `exercise:${slug}`;
const quizKey = (slug: string) => `quiz:${slug}`;
const labKey = (slug: string) => `lab:${slug}`;

describe("loadGradebook", () => {
  it("has a column per exercise, then per lesson quiz in course order, then per lab", async () => {
    const { columns } = await gradebook.loadGradebook(ADA, null);
    const { listExercises } = await import("../exercises/load-exercise");
    const { loadCourse } = await import("../content/load-course");
    const exercises = await listExercises();
    // A column per lab, but none for the playground: it has no tasks.
    const { listGradedLabs } = await import("../labs/load-lab");
    const quizLessons = (await loadCourse()).lessons.filter((l) => l.quizFile);
    expect(columns.map((c) => c.key)).toEqual([
      ...exercises.map((e) => exerciseKey(e.slug)),
      ...quizLessons.map((l) => quizKey(l.slug)),
      ...(await listGradedLabs()).map((l) => labKey(l.slug)),
    ]);
    expect(columns.map((c) => c.key)).not.toContain(labKey("playground"));
    expect(columns.find((c) => c.key === exerciseKey(EXERCISE))).toEqual({
      key: exerciseKey(EXERCISE),
      kind: "exercise",
      slug: EXERCISE,
      title: exercises.find((e) => e.slug === EXERCISE)!.spec.title,
    });
    expect(columns.find((c) => c.key === quizKey(QUIZ))).toMatchObject({
      kind: "quiz",
      title: "Containers vs virtual machines",
    });
  });

  it("lists only learners, by name, each with every column", async () => {
    const { learners, columns, generatedAt } = await gradebook.loadGradebook(ADA, null);
    expect(learners.map((l) => [l.id, l.name, l.email])).toEqual([
      ["alice", "Alice Archer", "alice@example.test"],
      ["bob", "Bob Baker", "bob@example.test"],
      ["carol", "Carol Cole", "carol@example.test"],
    ]);
    for (const learner of learners) expect(Object.keys(learner.scores)).toEqual(columns.map((c) => c.key));
    expect(Date.now() - Date.parse(generatedAt)).toBeLessThan(60_000);
  });

  it("gives the best score of the graded attempts as a percentage, and keeps a real 0", async () => {
    const alice = (await gradebook.loadGradebook(ADA, null)).learners.find((l) => l.id === "alice")!;
    expect(alice.scores[exerciseKey(EXERCISE)]).toBe(90);
    expect(alice.scores[exerciseKey(OTHER_EXERCISE)]).toBe(0);
    expect(alice.scores[quizKey(QUIZ)]).toBe(80);
    expect(alice.scores[quizKey(OTHER_QUIZ)]).toBe(66.7);
  });

  it("gives a lab the share of its tasks done across sessions, and no score before the first", async () => {
    const { loadLab } = await import("../labs/load-lab");
    const tasks = (await loadLab(LAB)).spec.tasks.length;
    const learners = (await gradebook.loadGradebook(ADA, null)).learners;
    const alice = learners.find((l) => l.id === "alice")!;
    expect(alice.scores[labKey(LAB)]).toBe(Math.round((3 / tasks) * 1000) / 10);
    expect(learners.find((l) => l.id === "bob")!.scores[labKey(LAB)]).toBeNull();
  });

  it("lets a finished re-grade replace the score it re-graded, and ignores one still queued", async () => {
    const bob = (await gradebook.loadGradebook(ADA, null)).learners.find((l) => l.id === "bob")!;
    expect(bob.scores[exerciseKey(EXERCISE)]).toBe(70);
    expect(bob.scores[quizKey(QUIZ)]).toBeNull();
  });

  it("leaves every cell empty, not 0, for a learner without a graded attempt or a readable score", async () => {
    const carol = (await gradebook.loadGradebook(ADA, null)).learners.find((l) => l.id === "carol")!;
    expect(Object.values(carol.scores).every((s) => s === null)).toBe(true);
  });
});

describe("gradebookPreview", () => {
  it("pages the same rows, clamps a page past the end, and tells scripts where the API is", async () => {
    const all = (await gradebook.loadGradebook(ADA, null)).learners;
    const { gradebook: page, access } = await gradebook.gradebookPreview(ADA, 7, null);
    expect(page).toMatchObject({ page: 1, pageCount: 1, total: 3 });
    expect(page.learners).toEqual(all);
    expect(access).toEqual({
      jsonUrl: "http://localhost:3000/api/instructor/gradebook",
      csvUrl: "http://localhost:3000/api/instructor/gradebook.csv",
      sessionCookie: "better-auth.session_token",
    });
  });
});

describe("gradebookCsvExport", () => {
  it("writes the same numbers into the CSV, learners only, under a dated file name", async () => {
    const { filename, csv } = await gradebook.gradebookCsvExport(ADA);
    expect(filename).toMatch(/^dockyard-gradebook-\d{4}-\d{2}-\d{2}\.csv$/);
    // Parsed as a spreadsheet does: a title with a comma in it is one quoted cell.
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    const alice = rows.find((row) => row.includes("alice@example.test"))!;
    expect(alice[header!.findIndex((h) => h.includes(`[${EXERCISE}]`))]).toBe("90");
    expect(alice[header!.findIndex((h) => h.includes(`[${OTHER_QUIZ}]`))]).toBe("66.7");
    expect(csv).not.toContain("ivan@example.test");
    expect(csv).not.toContain("ada@example.test");
  });
});

describe("a name from before the account limits", () => {
  it("is cut to the limit with an ellipsis on the page, in the JSON and in the CSV", async () => {
    const longName = "Zed ".repeat(50_000);
    await insertUsers(db, [{ id: "zed", name: longName }]);
    try {
      const json = (await gradebook.gradebookJsonExport(ADA)).learners.find((l) => l.id === "zed")!;
      expect(json.name).toBe(`${longName.slice(0, 99)}…`);
      const { csv } = await gradebook.gradebookCsvExport(ADA);
      const row = csv.split("\r\n").find((l) => l.includes("zed@example.test"))!;
      expect(row.length).toBeLessThan(1000);
      expect(row.startsWith(`${longName.slice(0, 99)}…,`)).toBe(true);
      const page = (await gradebook.gradebookPreview(ADA, 1, null)).gradebook.learners.find((l) => l.id === "zed")!;
      expect(page.name).toBe(json.name);
    } finally {
      await db.query(`DELETE FROM "user" WHERE id = 'zed'`);
    }
  });
});

describe("a class selected", () => {
  const TINA = { id: "tina", name: "Tina Assistant", email: "tina@example.test", role: "instructor" as const };

  beforeAll(async () => {
    await insertUsers(db, [{ id: "tina", name: "Tina Assistant", role: "instructor" }]);
    await db.query(
      `INSERT INTO class (id, name, term) VALUES ('cls-a', 'Class A', '2026'), ('cls-b', 'Class B', '2026')`,
    );
    await db.query(
      `INSERT INTO class_member ("classId", "userId", role, source) VALUES
         ('cls-a', 'ivan', 'instructor', 'staff'), ('cls-a', 'tina', 'ta', 'staff'), ('cls-a', 'alice', 'learner', 'code'),
         ('cls-b', 'bob', 'learner', 'code')`,
    );
    // Due 45 minutes ago, then 50 % for a day: Alice's 90 came 5 minutes late and earns 45, more than her 40 on time.
    await db.query(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "updatedAt") VALUES
         ('as-ex', 'cls-a', 'exercise', $1, (now() AT TIME ZONE 'UTC') - interval '45 minutes', '[{"days": 1, "credit": 50}]', now()),
         ('as-quiz', 'cls-a', 'quiz', $2, (now() AT TIME ZONE 'UTC') + interval '1 day', '[]', now())`,
      [EXERCISE, QUIZ],
    );
  });

  it("shows only the class's learners; an instructor sees only their classes' learners without one", async () => {
    const learners = async (who: typeof ADA | typeof IVAN, classId: string | null) =>
      (await gradebook.loadGradebook(who, classId)).learners.map((l) => l.id);
    expect(await learners(IVAN, "cls-a")).toEqual(["alice"]);
    expect(await learners(TINA, "cls-a")).toEqual(["alice"]);
    expect(await learners(IVAN, null)).toEqual(["alice"]);
    expect(await learners(IVAN, "cls-b")).toEqual([]);
    expect(await learners(ADA, "cls-b")).toEqual(["bob"]);
    const { csv } = await gradebook.gradebookCsvExport(IVAN, "cls-b");
    expect(csv).not.toContain("bob@example.test");
  });

  it("credits the assigned columns by the late policy and overrides, saying why", async () => {
    const { setScoreOverride } = await import("../classes/assignments");
    await setScoreOverride(IVAN, "cls-a", "as-quiz", "alice", { score: 100, reason: "Oral exam" });
    const book = await gradebook.loadGradebook(IVAN, "cls-a");
    expect(book.class).toEqual({ id: "cls-a", name: "Class A" });
    expect(book.columns.find((c) => c.key === exerciseKey(EXERCISE))?.assignment?.id).toBe("as-ex");
    const alice = book.learners[0]!;
    expect(alice.scores[exerciseKey(EXERCISE)]).toBe(45);
    expect(alice.notes[exerciseKey(EXERCISE)]).toEqual({
      // The rows were written moments ago with times relative to then.
      reason: expect.stringMatching(/^[45] minutes late: 50 %$/),
      late: true,
      override: null,
      afterSolution: null,
    });
    expect(alice.scores[quizKey(QUIZ)]).toBe(100);
    expect(alice.notes[quizKey(QUIZ)]).toMatchObject({ override: { reason: "Oral exam", computed: 80 } });
    // A column the class did not assign keeps the best score as it is.
    expect(alice.scores[quizKey(OTHER_QUIZ)]).toBe(66.7);
    expect((await gradebook.gradebookPreview(IVAN, 1, "cls-a")).canOverride).toBe(true);
    expect((await gradebook.gradebookPreview(TINA, 1, "cls-a")).canOverride).toBe(false);
  });
});

describe("early credit", () => {
  beforeAll(async () => {
    await insertUsers(db, [{ id: "erin", name: "Erin Early", email: "erin@example.test" }]);
    await db.query(`INSERT INTO class (id, name, term) VALUES ('cls-early', 'Early birds', '2026')`);
    await db.query(
      `INSERT INTO class_member ("classId", "userId", role, source) VALUES
         ('cls-early', 'ivan', 'instructor', 'staff'), ('cls-early', 'erin', 'learner', 'code')`,
    );
    // Due in ten days, 110 % for work done three days or more before: Erin's full marks today earn 110.
    await db.query(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "earlyCredit", "updatedAt")
       VALUES ('as-early', 'cls-early', 'quiz', $1, (now() AT TIME ZONE 'UTC') + interval '10 days', '[]',
               '[{"days": 3, "credit": 110}]', now())`,
      [QUIZ],
    );
    await quizAttempt("erin", QUIZ, 5, 5);
  });

  it("brings a credited score above 100 to the gradebook and its CSV, and lets overrides go as high", async () => {
    const book = await gradebook.loadGradebook(IVAN, "cls-early");
    expect(book.columns.find((c) => c.key === quizKey(QUIZ))?.assignment?.maxScore).toBe(110);
    const erin = book.learners.find((l) => l.id === "erin")!;
    expect(erin.scores[quizKey(QUIZ)]).toBe(110);
    // The marker beside it says why: early, with the credit's reason.
    expect(erin.notes[quizKey(QUIZ)]).toMatchObject({
      early: true,
      late: false,
      reason: expect.stringMatching(/early: 110 %/),
    });
    const { csv } = await gradebook.gradebookCsvExport(IVAN, "cls-early");
    expect(csv.split("\r\n")[1]).toMatch(/^Erin Early,,,erin@example\.test,.*,110(,|$)/);

    const { setScoreOverride } = await import("../classes/assignments");
    await setScoreOverride(IVAN, "cls-early", "as-early", "erin", { score: 105, reason: "Presented early" });
    expect((await gradebook.loadGradebook(IVAN, "cls-early")).learners[0]!.scores[quizKey(QUIZ)]).toBe(105);
    await expect(
      setScoreOverride(IVAN, "cls-early", "as-early", "erin", { score: 111, reason: "Too much" }),
    ).rejects.toThrow("The score is at most 110: this assignment's highest early credit.");
    await expect(setScoreOverride(IVAN, "cls-a", "as-quiz", "alice", { score: 101, reason: "x" })).rejects.toThrow(
      "The score is at most 100: this assignment gives no early credit.",
    );
  });
});
