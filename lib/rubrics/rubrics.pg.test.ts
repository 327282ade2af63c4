import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";

let db: pg.Pool;
let drop: () => Promise<void>;
let rubrics: typeof import("./rubrics");
let assignments: typeof import("../classes/assignments");
let scores: typeof import("../classes/assignment-scores");

const EXERCISE = "first-image";
const DAY = 86_400_000;
const DUE = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 5 * DAY);

const person = (id: string, name: string, role: "learner" | "instructor" = "learner") => ({ id, role, name });
const ivan = person("ivan", "Ivan Instructor", "instructor");
const ines = person("ines", "Ines Instructor", "instructor");
const tina = person("tina", "Tina Assistant", "instructor");
const alice = person("alice", "Alice Archer");

async function submission(id: string, userId: string, score: number, regradeOf: string | null = null) {
  const result = { version: 3, submissionId: id, exercise: EXERCISE, status: "passed", score };
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, '[]'::jsonb, 'passed', $4::jsonb, $5, now() - make_interval(secs => $6::int))`,
    [id, userId, EXERCISE, JSON.stringify(result), regradeOf, regradeOf ? 0 : 3600],
  );
}

async function member(classId: string, userId: string, role: "instructor" | "ta" | "learner") {
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')`,
    [classId, userId, role],
  );
}

const exercise = { kind: "exercise", itemSlug: EXERCISE, opensAt: null, dueAt: DUE.toISOString(), latePolicy: [] };
let assignmentId: string;
let itemIds: { readable: string; small: string; root: string };

beforeAll(async () => {
  const database = await createTestDatabase("rubrics");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  rubrics = await import("./rubrics");
  assignments = await import("../classes/assignments");
  scores = await import("../classes/assignment-scores");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "alice", name: "Alice Archer" },
    { id: "bob", name: "Bob Baker" },
    { id: "cleo", name: "Cleo Nowork" },
    { id: "carol", name: "Carol Cole" },
    { id: "ivan", name: "Ivan Instructor", role: "instructor" },
    { id: "ines", name: "Ines Instructor", role: "instructor" },
    { id: "tina", name: "Tina Assistant", role: "instructor" },
  ]);
  await db.query(
    `INSERT INTO class (id, name, term) VALUES ('cls-a', 'Class A', '2026'), ('cls-b', 'Class B', '2026'),
            ('cls-next', 'Class A', '2027')`,
  );
  await member("cls-a", "ivan", "instructor");
  await member("cls-a", "tina", "ta");
  await member("cls-a", "alice", "learner");
  await member("cls-a", "bob", "learner");
  await member("cls-a", "cleo", "learner");
  await member("cls-b", "ines", "instructor");
  await member("cls-b", "carol", "learner");
  await member("cls-next", "ivan", "instructor");
  await submission("a1", "alice", 0.8);
  await submission("b1", "bob", 1);
  await submission("c1", "carol", 1);
  assignmentId = (await assignments.createAssignment(ivan, "cls-a", exercise)).id;
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

async function scoreOf(userId: string, classId = "cls-a", id = assignmentId) {
  const targets = await scores.classScoreTargets([classId]);
  return (await scores.scoreAssignments(targets)).get(scores.scoreKey(id, userId))!;
}

const items = [
  { title: "Readable Dockerfile", points: 6, feedback: "Each step says what it is for." },
  { title: "Small image", points: 4, feedback: "A slim base keeps the image small." },
  { title: "Runs as root", points: -2, feedback: "Add a USER: a container should not run as root." },
];

describe("a rubric's items", () => {
  it("are written by the class's instructors only, for an exercise", async () => {
    const saved = await rubrics.saveRubric(ivan, "cls-a", assignmentId, { mode: "combined", share: 30, items });
    expect(saved).toMatchObject({ mode: "combined", share: 30, items });
    const [readable, small, root] = saved.items.map((i) => i.id) as [string, string, string];
    itemIds = { readable, small, root };

    const body = { mode: "combined", share: 30, items };
    expect(await rejection(rubrics.saveRubric(tina, "cls-a", assignmentId, body))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await rejection(rubrics.saveRubric(ines, "cls-a", assignmentId, body))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejection(rubrics.saveRubric(alice, "cls-a", assignmentId, body))).toMatchObject({
      code: "NOT_FOUND",
    });
    const quiz = await assignments.createAssignment(ivan, "cls-a", {
      ...exercise,
      kind: "quiz",
      itemSlug: "containers-vs-vms",
    });
    expect(await rejection(rubrics.saveRubric(ivan, "cls-a", quiz.id, body))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Rubrics grade exercises/),
    });
  });

  it("refuse what cannot be scored, with the field named", async () => {
    const onlyDeductions = { mode: "rubric", share: 30, items: [items[2]] };
    expect(await rejection(rubrics.saveRubric(ivan, "cls-a", assignmentId, onlyDeductions))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/items: a rubric that counts needs an item worth positive points/),
    });
    const zero = { mode: "combined", share: 30, items: [{ ...items[0], points: 0 }] };
    expect((await rejection(rubrics.saveRubric(ivan, "cls-a", assignmentId, zero))).message).toMatch(/items\.0/);
    const share = { mode: "combined", share: 100, items };
    expect((await rejection(rubrics.saveRubric(ivan, "cls-a", assignmentId, share))).message).toMatch(/share/);
    const control = { mode: "combined", share: 30, items: [{ ...items[0], feedback: "a\u0000b" }] };
    expect((await rejection(rubrics.saveRubric(ivan, "cls-a", assignmentId, control))).message).toMatch(
      /items\.0\.feedback: feedback has a control character/,
    );
    const foreign = { mode: "combined", share: 30, items: [{ ...items[0], id: "not-an-item" }] };
    expect((await rejection(rubrics.saveRubric(ivan, "cls-a", assignmentId, foreign))).message).toMatch(
      /no item not-an-item/,
    );
  });
});

describe("grading by the rubric", () => {
  it("awaits manual grading once work is handed in, with no score until then", async () => {
    expect(await scoreOf("alice")).toMatchObject({ score: null, computed: null, awaitingGrading: true });
    // Nothing handed in: nothing awaited.
    expect((await scoreOf("cleo")).awaitingGrading).toBeUndefined();
  });

  it("combines the marks with the automatic score, and offers the next learner with an attempt", async () => {
    const { next } = await rubrics.applyRubric(tina, "cls-a", assignmentId, {
      submissionId: "a1",
      itemIds: [itemIds.root, itemIds.readable],
      comment: "Nearly there.",
    });
    expect(next).toEqual({ name: "Bob Baker", submissionId: "b1" });
    // 70 % of 80 plus 30 % of (6 − 2) / 10.
    const alices = await scoreOf("alice");
    expect(alices).toMatchObject({ score: 68, computed: 68, status: "done" });
    expect(alices.awaitingGrading).toBeUndefined();
    expect(alices.rubric).toMatchObject({
      mode: "combined",
      share: 30,
      possible: 10,
      grade: {
        attemptId: "a1",
        earned: 4,
        comment: "Nearly there.",
        graderName: "Tina Assistant",
        // In the rubric's order, not the order they were applied in.
        items: [
          { title: "Readable Dockerfile", points: 6, feedback: "Each step says what it is for." },
          { title: "Runs as root", points: -2 },
        ],
      },
    });
    // Bob is last with an attempt (Cleo has none): nobody after him.
    const last = await rubrics.applyRubric(ivan, "cls-a", assignmentId, {
      submissionId: "b1",
      itemIds: [itemIds.readable, itemIds.small],
      comment: "",
    });
    expect(last.next).toBeNull();
    expect((await scoreOf("bob")).score).toBe(100);
  });

  it("is never written by a learner, by staff of another class, or for another class's learner", async () => {
    const body = { submissionId: "a1", itemIds: [itemIds.small], comment: "Full marks, says I" };
    expect(await rejection(rubrics.applyRubric(alice, "cls-a", assignmentId, body))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejection(rubrics.applyRubric(ines, "cls-a", assignmentId, body))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await rejection(rubrics.applyRubric(ivan, "cls-a", assignmentId, { ...body, submissionId: "c1" })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await rejection(rubrics.applyRubric(ivan, "cls-a", assignmentId, { ...body, itemIds: ["not-an-item"] })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    // Nothing changed.
    expect((await scoreOf("alice")).rubric?.grade?.comment).toBe("Nearly there.");
  });

  it("keeps the marks through a re-grade, which changes only the automatic part", async () => {
    // The re-grade of Alice's attempt finds full marks: 70 % of 100 plus the same 30 % of 4/10.
    await submission("a1-regrade", "alice", 1, "a1");
    const alices = await scoreOf("alice");
    expect(alices.score).toBe(82);
    expect(alices.rubric?.grade).toMatchObject({ attemptId: "a1", earned: 4 });
    // Grading from the re-grade's page grades the original attempt.
    await rubrics.applyRubric(tina, "cls-a", assignmentId, {
      submissionId: "a1-regrade",
      itemIds: [itemIds.readable],
      comment: "Nearly there.",
    });
    expect((await scoreOf("alice")).rubric?.grade).toMatchObject({ attemptId: "a1", earned: 6 });
    const [panel] = await rubrics.rubricPanels(tina, "a1-regrade");
    expect(panel).toMatchObject({
      className: "Class A",
      gradedThisAttempt: true,
      grade: { itemIds: [itemIds.readable] },
    });
    expect(await rubrics.rubricPanels(ines, "a1-regrade")).toEqual([]);
  });

  it("takes two graders' saves of one learner at once, one after the other", async () => {
    const body = { submissionId: "a1", itemIds: [itemIds.readable], comment: "Nearly there." };
    await Promise.all([
      rubrics.applyRubric(tina, "cls-a", assignmentId, body),
      rubrics.applyRubric(ivan, "cls-a", assignmentId, body),
    ]);
    expect((await scoreOf("alice")).rubric?.grade).toMatchObject({ earned: 6, items: [{ id: itemIds.readable }] });
  });

  it("counts the rubric alone when set so, and a removed item's marks go with it", async () => {
    await rubrics.saveRubric(ivan, "cls-a", assignmentId, {
      mode: "rubric",
      share: 30,
      items: [
        { id: itemIds.readable, ...items[0], points: 5 },
        { id: itemIds.root, ...items[2] },
      ],
    });
    // Alice's readable item now earns 5 of 5.
    expect((await scoreOf("alice")).score).toBe(100);
    // Bob had readable and small: small is gone with its mark.
    expect((await scoreOf("bob")).rubric?.grade).toMatchObject({
      earned: 5,
      items: [{ title: "Readable Dockerfile" }],
    });
    const { rows } = await db.query(`SELECT "itemId" FROM rubric_mark WHERE "userId" = 'bob'`);
    expect(rows).toEqual([{ itemId: itemIds.readable }]);
  });

  it("stops counting with the mode none: the automatic score stands again, marks kept", async () => {
    await rubrics.saveRubric(ivan, "cls-a", assignmentId, {
      mode: "none",
      share: 30,
      items: [{ id: itemIds.readable, ...items[0] }],
    });
    const alices = await scoreOf("alice");
    expect(alices.score).toBe(100);
    expect(alices.rubric).toBeUndefined();
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM rubric_mark WHERE "userId" = 'alice'`);
    expect(rows[0].n).toBe(1);
    expect(
      await rejection(
        rubrics.applyRubric(ivan, "cls-a", assignmentId, { submissionId: "b1", itemIds: [], comment: "" }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
  });
});

describe("copying a rubric", () => {
  it("copies items and mode to another assignment of the exercise, never the marks", async () => {
    await rubrics.saveRubric(ivan, "cls-a", assignmentId, { mode: "combined", share: 40, items });
    const next = (await assignments.createAssignment(ivan, "cls-next", exercise)).id;
    const page = await rubrics.rubricPage(ivan, "cls-next", next);
    expect(page.copySources).toEqual([
      { assignmentId, classId: "cls-a", className: "Class A", term: "2026", items: 3 },
    ]);
    const copied = await rubrics.copyRubricFrom(ivan, "cls-next", next, { fromAssignmentId: assignmentId });
    expect(copied).toMatchObject({ mode: "combined", share: 40, items });
    expect(copied.items.map((i) => i.id)).not.toContain(itemIds.readable);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM rubric_grade WHERE "assignmentId" = $1`, [next]);
    expect(rows[0].n).toBe(0);
  });

  it("copies only from a class the person teaches, and never over learners' grades", async () => {
    const theirs = (await assignments.createAssignment(ines, "cls-b", exercise)).id;
    expect(
      await rejection(rubrics.copyRubricFrom(ines, "cls-b", theirs, { fromAssignmentId: assignmentId })),
    ).toMatchObject({ code: "NOT_FOUND" });
    const { prisma } = await import("../db/client");
    // The function class copying calls, in its own transaction, with its own checks.
    expect(await prisma().$transaction((tx) => rubrics.copyRubrics(tx, assignmentId, theirs))).toBe(true);
    expect((await rubrics.rubricPage(ines, "cls-b", theirs)).rubric.items).toHaveLength(3);
    expect(
      await rejection(rubrics.copyRubricFrom(ivan, "cls-a", assignmentId, { fromAssignmentId: assignmentId })),
    ).toMatchObject({ code: "CONFLICT" });
  });

  it("keeps an archived class's grades as they are", async () => {
    await db.query(`UPDATE class SET "archivedAt" = now() WHERE id = 'cls-a'`);
    try {
      expect(
        await rejection(
          rubrics.applyRubric(ivan, "cls-a", assignmentId, { submissionId: "a1", itemIds: [], comment: "" }),
        ),
      ).toMatchObject({ code: "CONFLICT" });
    } finally {
      await db.query(`UPDATE class SET "archivedAt" = NULL WHERE id = 'cls-a'`);
    }
  });
});

describe("a timed assignment's rubric", () => {
  it("grades only an attempt from inside the learner's window, which the score counts", async () => {
    await insertUsers(db, [{ id: "dana", name: "Dana Timed" }]);
    await db.query(`INSERT INTO class (id, name, term) VALUES ('cls-timed', 'Timed class', '2026')`);
    await member("cls-timed", "ivan", "instructor");
    await member("cls-timed", "dana", "learner");
    const timed = (await assignments.createAssignment(ivan, "cls-timed", { ...exercise, timeLimitMinutes: 30 })).id;
    const saved = await rubrics.saveRubric(ivan, "cls-timed", timed, { mode: "rubric", share: 50, items });
    const readable = saved.items[0]!.id;
    // Practice an hour ago, before the window; then the window, and an attempt inside it.
    await submission("d-practice", "dana", 1);
    await db.query(
      `INSERT INTO timed_window ("assignmentId", "userId", "startedAt", "endsAt")
       VALUES ($1, 'dana', now() - interval '5 minutes', now() + interval '25 minutes')`,
      [timed],
    );
    const result = { version: 3, submissionId: "d-exam", exercise: EXERCISE, status: "passed", score: 0.5 };
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result)
       VALUES ('d-exam', 'dana', $1, '[]'::jsonb, 'passed', $2::jsonb)`,
      [EXERCISE, JSON.stringify(result)],
    );
    const body = (submissionId: string) => ({ submissionId, itemIds: [readable], comment: "" });
    expect(await rejection(rubrics.applyRubric(ivan, "cls-timed", timed, body("d-practice")))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/outside the learner's timed window/),
    });
    expect(await scoreOf("dana", "cls-timed", timed)).toMatchObject({ score: null, awaitingGrading: true });
    await rubrics.applyRubric(ivan, "cls-timed", timed, body("d-exam"));
    expect(await scoreOf("dana", "cls-timed", timed)).toMatchObject({ score: 60, rubric: { grade: { earned: 6 } } });
  });
});
