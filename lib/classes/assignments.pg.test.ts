import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";

let db: pg.Pool;
let drop: () => Promise<void>;
let assignments: typeof import("./assignments");
let scores: typeof import("./assignment-scores");
let learnerScores: typeof import("./learner-scores");

const EXERCISE = "first-image";
const QUIZ = "containers-vs-vms";
const LAB = "connect-services-on-networks";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The exercise was due ten days ago, with 80 % for three days after.
const DUE = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * DAY);
const at = (ms: number) => new Date(DUE.getTime() + ms);
const EIGHTY_FOR_THREE_DAYS = [{ days: 3, credit: 80 }];

const user = (id: string, role: "learner" | "instructor" | "admin" = "learner") => ({ id, role });
const ivan = user("ivan", "instructor");
const ines = user("ines", "instructor");
const tina = user("tina", "instructor");
const alice = user("alice");

async function submission(id: string, userId: string, submittedAt: Date, score: number) {
  const result = { version: 3, submissionId: id, exercise: EXERCISE, status: "passed", score };
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "createdAt")
     VALUES ($1, $2, $3, '[]'::jsonb, 'passed', $4::jsonb, $5::timestamptz AT TIME ZONE 'UTC')`,
    [id, userId, EXERCISE, JSON.stringify(result), submittedAt.toISOString()],
  );
}

async function member(classId: string, userId: string, role: "instructor" | "ta" | "learner") {
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')`,
    [classId, userId, role],
  );
}

const exerciseBody = {
  kind: "exercise",
  itemSlug: EXERCISE,
  opensAt: null,
  dueAt: DUE.toISOString(),
  latePolicy: EIGHTY_FOR_THREE_DAYS,
};
let exerciseId: string;

beforeAll(async () => {
  const database = await createTestDatabase("assignments");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  assignments = await import("./assignments");
  scores = await import("./assignment-scores");
  learnerScores = await import("./learner-scores");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "alice", name: "Alice Archer" },
    { id: "bob", name: "Bob Baker" },
    { id: "carol", name: "Carol Cole" },
    { id: "ivan", name: "Ivan Instructor", role: "instructor" },
    { id: "ines", name: "Ines Instructor", role: "instructor" },
    { id: "tina", name: "Tina Assistant", role: "instructor" },
  ]);
  await db.query(
    `INSERT INTO class (id, name, term) VALUES ('cls-a', 'Class A', '2026'), ('cls-b', 'Class B', '2026')`,
  );
  await member("cls-a", "ivan", "instructor");
  await member("cls-a", "tina", "ta");
  await member("cls-a", "alice", "learner");
  await member("cls-a", "bob", "learner");
  await member("cls-b", "ines", "instructor");
  await member("cls-b", "carol", "learner");

  // Alice: half marks on time, full marks a day late (80 % of it counts); Bob: full marks five days late.
  await submission("a1", "alice", at(-HOUR), 0.5);
  await submission("a2", "alice", at(DAY), 1);
  await submission("b1", "bob", at(5 * DAY), 1);
  exerciseId = (await assignments.createAssignment(ivan, "cls-a", exerciseBody)).id;
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

async function scoreOf(userId: string, assignmentId = exerciseId) {
  const targets = await scores.classScoreTargets(["cls-a"]);
  return (await scores.scoreAssignments(targets)).get(scores.scoreKey(assignmentId, userId))!;
}

async function lastLogEntry(action: string) {
  const { rows } = await db.query(
    `SELECT "actorId", "targetId", "targetLabel", details FROM admin_action WHERE action = $1::"AdminActionKind"
      ORDER BY "createdAt" DESC, id DESC LIMIT 1`,
    [action],
  );
  return rows[0];
}

describe("credit of a learner's work", () => {
  it("counts the best attempt after its late credit, with the reason", async () => {
    expect(await scoreOf("alice")).toEqual({
      score: 80,
      computed: 80,
      credit: { credit: 80, reason: "1 day late: 80 %", late: true },
      override: null,
      afterSolution: null,
      status: "done",
    });
  });

  it("marks a score whose attempt came after the learner opened the solution, and only then", async () => {
    const seen = async (seenAt: Date) =>
      db.query(
        `INSERT INTO solution_seen ("userId", "exerciseSlug", "by", "seenAt") VALUES ('alice', $1, 'deadline', $2::timestamptz AT TIME ZONE 'UTC')
         ON CONFLICT ("userId", "exerciseSlug") DO UPDATE SET "seenAt" = EXCLUDED."seenAt"`,
        [EXERCISE, seenAt.toISOString()],
      );
    try {
      // Opened between her on-time half marks and her full marks a day late: the 80 counts, marked.
      await seen(at(12 * HOUR));
      expect(await scoreOf("alice")).toMatchObject({ score: 80, afterSolution: at(12 * HOUR) });
      // Opened after the attempt the score comes from: nothing to mark.
      await seen(at(2 * DAY));
      expect((await scoreOf("alice")).afterSolution).toBeNull();
      // Another learner's solution says nothing of Bob's work.
      expect((await scoreOf("bob")).afterSolution).toBeNull();
    } finally {
      await db.query(`DELETE FROM solution_seen`);
    }
  });

  it("gives nothing after the last late step, and an extension moves the timeline", async () => {
    expect(await scoreOf("bob")).toMatchObject({ score: 0, status: "late", credit: { credit: 0, late: true } });
    await assignments.grantExtension(ivan, "cls-a", exerciseId, "bob", {
      dueAt: at(4 * DAY).toISOString(),
      reason: "Hospital",
    });
    expect(await scoreOf("bob")).toMatchObject({ score: 80, credit: { reason: "1 day late: 80 %" } });
    expect(await lastLogEntry("extension_granted")).toMatchObject({
      actorId: "ivan",
      targetId: "bob",
      targetLabel: "Bob Baker",
      details: { assignmentId: exerciseId, className: "Class A", dueAt: at(4 * DAY).toISOString(), reason: "Hospital" },
    });
    await assignments.withdrawExtension(ivan, "cls-a", exerciseId, "bob", { reason: "Granted by mistake" });
    expect((await scoreOf("bob")).score).toBe(0);
    expect((await lastLogEntry("extension_granted")).details).toMatchObject({
      dueAt: null,
      reason: "Granted by mistake",
    });
  });

  it("lets an override win over the computed score, logged with its reason", async () => {
    await assignments.setScoreOverride(ivan, "cls-a", exerciseId, "alice", { score: 95, reason: "Oral exam" });
    expect(await scoreOf("alice")).toMatchObject({
      score: 95,
      computed: 80,
      override: { score: 95, reason: "Oral exam" },
    });
    expect(await lastLogEntry("score_overridden")).toMatchObject({
      actorId: "ivan",
      targetId: "alice",
      details: { itemSlug: EXERCISE, from: null, to: 95, reason: "Oral exam" },
    });
    await assignments.removeScoreOverride(ivan, "cls-a", exerciseId, "alice", { reason: "Back to the rules" });
    expect((await scoreOf("alice")).score).toBe(80);
    expect((await lastLogEntry("score_overridden")).details).toMatchObject({ from: 95, to: null });
  });

  it("credits a quiz's best attempt and each lab task by when it was done", async () => {
    const dueSoon = new Date(Date.now() + DAY).toISOString();
    const quiz = await assignments.createAssignment(ivan, "cls-a", {
      kind: "quiz",
      itemSlug: QUIZ,
      dueAt: dueSoon,
      latePolicy: [],
    });
    await db.query(
      `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total)
       VALUES ('q1', 'alice', $1, $1, '{}'::jsonb, 4, 5)`,
      [QUIZ],
    );
    expect(await scoreOf("alice", quiz.id)).toMatchObject({ score: 80, status: "done" });
    expect(await scoreOf("bob", quiz.id)).toMatchObject({ score: null, status: "open" });

    const lab = await assignments.createAssignment(ivan, "cls-a", {
      kind: "lab",
      itemSlug: LAB,
      dueAt: DUE.toISOString(),
      latePolicy: [{ days: null, credit: 50 }],
    });
    await db.query(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status) VALUES ('l1', 'lab', 'alice', $1, 'closed')`,
      [LAB],
    );
    for (const [task, doneAt] of [
      ["create-network", at(-HOUR)],
      ["run-features", at(HOUR)],
    ] as const)
      await db.query(
        `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId", "doneAt")
         VALUES ('alice', $1, $2, 'l1', $3::timestamptz AT TIME ZONE 'UTC')`,
        [LAB, task, doneAt.toISOString()],
      );
    const { loadLab } = await import("../labs/load-lab");
    const tasks = (await loadLab(LAB)).spec.tasks.length;
    expect(await scoreOf("alice", lab.id)).toMatchObject({
      score: Math.round((1.5 / tasks) * 1000) / 10,
      credit: { late: true },
      status: "missing",
    });
  });
});

describe("the learner's view", () => {
  it("groups their assignments and says what late work earns now", async () => {
    const { dueList, itemDeadlines } = await import("./due-list");
    const groups = await dueList("alice");
    expect(groups.done.map((i) => [i.kind, i.title])).toEqual([
      ["exercise", expect.any(String)],
      ["quiz", "Containers vs virtual machines"],
    ]);
    expect(groups.overdue.map((i) => i.kind)).toEqual(["lab"]);
    expect(groups.done[0]).toMatchObject({
      className: "Class A",
      href: `/exercises/${EXERCISE}`,
      dueAt: DUE.toISOString(),
      policyText: "100 % until the due date, then 80 % for 3 days, then 0 %",
      creditNow: "10 days late, after the last late step: 0 %",
    });
    // Ten days late under "80 % for three days", nothing is earned any more.
    expect(await itemDeadlines("alice", "exercise", EXERCISE)).toEqual([
      {
        className: "Class A",
        dueAt: DUE.toISOString(),
        extended: false,
        policyText: "100 % until the due date, then 80 % for 3 days, then 0 %",
        lateNow: { credit: 0, until: null },
      },
    ]);
    expect(await itemDeadlines("carol", "exercise", EXERCISE)).toEqual([]);
  });

  it("gives a prerendered page's reader their quiz and lab deadlines, a visitor none", async () => {
    const { itemDeadlinesQuerySchema, readerDeadlines } = await import("./due-list");
    const quiz = await readerDeadlines(alice, itemDeadlinesQuerySchema.parse({ kind: "quiz", item: QUIZ }));
    expect(quiz).toEqual({
      deadlines: [
        {
          className: "Class A",
          dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          extended: false,
          policyText: "100 % until the due date, then 0 %",
          lateNow: null,
        },
      ],
    });
    // What the route answers survives JSON unchanged: no Date, no undefined.
    expect(JSON.parse(JSON.stringify(quiz))).toEqual(quiz);
    expect(await readerDeadlines(alice, { kind: "lab", item: LAB })).toEqual({
      deadlines: [
        {
          className: "Class A",
          dueAt: DUE.toISOString(),
          extended: false,
          policyText: "100 % until the due date, then 50 % for ever",
          lateNow: { credit: 50, until: null },
        },
      ],
    });
    expect(await readerDeadlines(null, { kind: "quiz", item: QUIZ })).toEqual({ deadlines: [] });
    expect(await readerDeadlines(user("carol"), { kind: "quiz", item: QUIZ })).toEqual({ deadlines: [] });
    const refusal = (query: object) => itemDeadlinesQuerySchema.safeParse(query).error?.issues[0]?.message;
    expect(refusal({ kind: "video", item: QUIZ })).toBe("the kind is one of exercise, lab, quiz");
    expect(refusal({ kind: "quiz" })).toBe("the item is the slug of an exercise, a lab or a lesson");
    expect(refusal({ kind: "quiz", item: "../etc" })).toBe("must be kebab-case (a-z, 0-9, -)");
  });

  it("tells an attempt's page what a late attempt counts for", async () => {
    expect(await learnerScores.attemptCredits("alice", EXERCISE, at(DAY))).toEqual([
      { className: "Class A", dueAt: DUE, credit: { credit: 80, reason: "1 day late: 80 %", late: true } },
    ]);
  });
});

describe("who may change assignments", () => {
  it("refuses a teaching assistant and a learner everything, with FORBIDDEN", async () => {
    for (const who of [tina, alice]) {
      const refusals = await Promise.all([
        rejection(assignments.createAssignment(who, "cls-a", { ...exerciseBody, itemSlug: "layer-order" })),
        rejection(assignments.updateAssignment(who, "cls-a", exerciseId, { ...exerciseBody, latePolicy: [] })),
        rejection(assignments.deleteAssignment(who, "cls-a", exerciseId)),
        rejection(
          assignments.grantExtension(who, "cls-a", exerciseId, "alice", { dueAt: DUE.toISOString(), reason: "x" }),
        ),
        rejection(assignments.withdrawExtension(who, "cls-a", exerciseId, "alice", { reason: "x" })),
        rejection(assignments.setScoreOverride(who, "cls-a", exerciseId, "alice", { score: 100, reason: "x" })),
        rejection(assignments.removeScoreOverride(who, "cls-a", exerciseId, "alice", { reason: "x" })),
      ]);
      expect(refusals.map((r) => r.code)).toEqual(Array(7).fill("FORBIDDEN"));
    }
    const { rows } = await db.query(`SELECT "latePolicy" FROM assignment WHERE id = $1`, [exerciseId]);
    expect(rows[0].latePolicy).toEqual(EIGHTY_FOR_THREE_DAYS);
  });

  it("lets a teaching assistant read the class's assignments, but not manage them", async () => {
    const list = await assignments.classAssignments(tina, "cls-a");
    expect(list.canManage).toBe(false);
    const exercise = list.assignments.find((a) => a.id === exerciseId)!;
    expect(exercise).toMatchObject({ counts: { done: 1, late: 1, missing: 0, open: 0 } });
    expect(exercise.policyText).toBe("100 % until the due date, then 80 % for 3 days, then 0 %");
    expect((await rejection(assignments.classAssignments(alice, "cls-a"))).code).toBe("FORBIDDEN");
  });

  it("keeps an instructor of class B away from class A's assignments", async () => {
    expect((await rejection(assignments.deleteAssignment(ines, "cls-a", exerciseId))).code).toBe("FORBIDDEN");
    expect((await rejection(assignments.classAssignments(ines, "cls-a"))).code).toBe("FORBIDDEN");
    // Through her own class's address, class A's assignment is not there to find.
    expect((await rejection(assignments.deleteAssignment(ines, "cls-b", exerciseId))).code).toBe("NOT_FOUND");
    expect(
      (await rejection(assignments.setScoreOverride(ines, "cls-b", exerciseId, "alice", { score: 1, reason: "x" })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("only extends or overrides for a learner of the class", async () => {
    const refusal = await rejection(
      assignments.setScoreOverride(ivan, "cls-a", exerciseId, "carol", { score: 50, reason: "x" }),
    );
    expect(refusal.code).toBe("NOT_FOUND");
  });
});

describe("validation", () => {
  it("answers 400 with a clear message for an unknown item, a due date before opening, and a bad policy", async () => {
    const unknown = await rejection(assignments.createAssignment(ivan, "cls-a", { ...exerciseBody, itemSlug: "nope" }));
    expect([unknown.httpStatus, unknown.message]).toEqual([400, 'There is no exercise called "nope".']);
    const quiz = await rejection(
      assignments.createAssignment(ivan, "cls-a", { ...exerciseBody, kind: "quiz", itemSlug: EXERCISE }),
    );
    expect(quiz.message).toBe(`There is no lesson with a quiz called "${EXERCISE}".`);
    // The playground is a lab without tasks: nothing to grade, so no class assigns it, nor offers it.
    const playground = await rejection(
      assignments.createAssignment(ivan, "cls-a", { ...exerciseBody, kind: "lab", itemSlug: "playground" }),
    );
    expect([playground.httpStatus, playground.message]).toEqual([
      400,
      "The playground has no tasks, so nothing in it is graded: assign a lab.",
    ]);
    const offered = await assignments.assignableItems();
    expect(offered.filter((i) => i.kind === "lab").map((i) => i.slug)).toContain(LAB);
    expect(offered.map((i) => i.slug)).not.toContain("playground");
    const order = await rejection(
      assignments.createAssignment(ivan, "cls-a", {
        ...exerciseBody,
        itemSlug: "layer-order",
        opensAt: at(DAY).toISOString(),
      }),
    );
    expect([order.httpStatus, order.message]).toEqual([
      400,
      "The assignment is not valid: opensAt: the opening date must be before the due date.",
    ]);
    const policy = await rejection(
      assignments.createAssignment(ivan, "cls-a", {
        ...exerciseBody,
        itemSlug: "layer-order",
        latePolicy: [
          { days: null, credit: 50 },
          { days: 1, credit: 20 },
        ],
      }),
    );
    expect([policy.httpStatus, policy.message]).toEqual([
      400,
      "The assignment is not valid: latePolicy: only the last step may last for ever.",
    ]);
    const reasonless = await rejection(
      assignments.setScoreOverride(ivan, "cls-a", exerciseId, "alice", { score: 101, reason: " " }),
    );
    expect(reasonless.httpStatus).toBe(400);
  });

  it("answers 409 for an item the class already has assigned", async () => {
    const again = await rejection(assignments.createAssignment(ivan, "cls-a", exerciseBody));
    expect(again.httpStatus).toBe(409);
    expect(again.message).toMatch(/already has .* assigned/);
  });

  it("logs a change of an assignment against the class", async () => {
    await assignments.updateAssignment(ivan, "cls-a", exerciseId, { ...exerciseBody, latePolicy: [] });
    expect(await lastLogEntry("assignment_changed")).toMatchObject({
      actorId: "ivan",
      targetId: "cls-a",
      targetLabel: "Class A",
      details: { change: "updated", kind: "exercise", itemSlug: EXERCISE, dueAt: DUE.toISOString(), opensAt: null },
    });
    await assignments.updateAssignment(ivan, "cls-a", exerciseId, exerciseBody);
  });

  it("keeps early credit with the assignment, says it in words, and refuses steps out of order", async () => {
    const earlyCredit = [{ days: 2, credit: 105 }];
    expect(
      (await assignments.updateAssignment(ivan, "cls-a", exerciseId, { ...exerciseBody, earlyCredit })).earlyCredit,
    ).toEqual(earlyCredit);
    const listed = (await assignments.classAssignments(ivan, "cls-a")).assignments.find((a) => a.id === exerciseId);
    expect(listed?.policyText).toBe(
      "105 % until 2 days before the due date, then 100 % until the due date, then 80 % for 3 days, then 0 %",
    );
    const refused = await rejection(
      assignments.updateAssignment(ivan, "cls-a", exerciseId, {
        ...exerciseBody,
        earlyCredit: [
          { days: 1, credit: 110 },
          { days: 3, credit: 120 },
        ],
      }),
    );
    expect([refused.httpStatus, refused.message]).toEqual([
      400,
      "The assignment is not valid: earlyCredit: early steps go from the earliest to the latest, each earning less " +
        "than the one before.",
    ]);
    // Left out, an assignment has none.
    expect((await assignments.updateAssignment(ivan, "cls-a", exerciseId, exerciseBody)).earlyCredit).toEqual([]);
  });
});
