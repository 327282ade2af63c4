import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";

/**
 * Timed assessments against a real database: the attacks (a learner extending their own time, a second window,
 * help during the window, work after the end), the clock read again by a fresh process, scoring only the window's
 * work, and a lab closed at the window's end.
 */

let db: pg.Pool;
let url: string;
let drop: () => Promise<void>;
let assignments: typeof import("../classes/assignments");
let scores: typeof import("../classes/assignment-scores");
let windows: typeof import("./timed-windows");
let guard: typeof import("../learner-access/learner-access");
let staff: typeof import("./timed-staff");

const EXERCISE = "first-image";
const QUIZ = "containers-vs-vms";
const LAB = "connect-services-on-networks";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const DUE = new Date(NOW.getTime() + 7 * 24 * HOUR);
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const ivan = { id: "ivan", role: "instructor" as const };
const tina = { id: "tina", role: "instructor" as const };
const alice = { id: "alice", role: "learner" as const };
let quizId: string;
let exerciseId: string;
let labId: string;
/** What Alice's quiz attempt inside her window earned, 0–1. */
let windowGrade: number;

async function member(classId: string, userId: string, role: "instructor" | "ta" | "learner") {
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')`,
    [classId, userId, role],
  );
}

const assign = (kind: string, itemSlug: string, timeLimitMinutes: number | null) =>
  assignments.createAssignment(ivan, "cls", {
    kind,
    itemSlug,
    opensAt: null,
    dueAt: DUE.toISOString(),
    latePolicy: [],
    timeLimitMinutes,
  });

async function quizAttempt(userId: string, at: Date, correct: number) {
  await db.query(
    `INSERT INTO quiz_attempt (id, "userId", "lessonSlug", "quizId", answers, correct, total, "createdAt")
     VALUES (gen_random_uuid()::text, $1, $2, $2, '{}'::jsonb, $3, 4, $4::timestamptz AT TIME ZONE 'UTC')`,
    [userId, QUIZ, correct, at.toISOString()],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("timed");
  drop = database.drop;
  url = database.url;
  process.env.DATABASE_URL = database.url;
  assignments = await import("../classes/assignments");
  scores = await import("../classes/assignment-scores");
  windows = await import("./timed-windows");
  guard = await import("../learner-access/learner-access");
  staff = await import("./timed-staff");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "alice", name: "Alice Archer" },
    { id: "bob", name: "Bob Baker" },
    { id: "ivan", name: "Ivan Instructor", role: "instructor" },
    { id: "tina", name: "Tina Assistant", role: "instructor" },
  ]);
  await db.query(`INSERT INTO class (id, name, term) VALUES ('cls', 'Docker 101', '2026')`);
  await member("cls", "ivan", "instructor");
  await member("cls", "tina", "ta");
  await member("cls", "alice", "learner");
  await member("cls", "bob", "learner");
  quizId = (await assign("quiz", QUIZ, 30)).id;
  exerciseId = (await assign("exercise", EXERCISE, 60)).id;
  labId = (await assign("lab", LAB, 20)).id;
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

const windowRows = async (assignmentId: string) =>
  (await db.query(`SELECT * FROM timed_window WHERE "assignmentId" = $1`, [assignmentId])).rows;

describe("extra time is staff's to give", () => {
  it("refuses a learner giving themselves extra time, and a teaching assistant", async () => {
    const body = { extraPercent: 300, extraMinutes: 600, reason: "I want more" };
    const byLearner = await rejection(staff.setExtraTime(alice, "cls", quizId, "alice", body));
    expect(byLearner.code).toBe("NOT_FOUND");
    const byTa = await rejection(staff.setExtraTime(tina, "cls", quizId, "alice", body));
    expect(byTa.code).toBe("FORBIDDEN");
    expect((await db.query(`SELECT * FROM timed_extra_time`)).rows).toEqual([]);
  });

  it("lets the class's instructor give it, logged, and refuses it on an untimed assignment", async () => {
    const given = await staff.setExtraTime(ivan, "cls", quizId, "alice", {
      extraPercent: 50,
      extraMinutes: 0,
      reason: "accommodation letter",
    });
    expect(given).toMatchObject({ extraPercent: 50, extraMinutes: 0, endsAt: null });
    const { rows } = await db.query(`SELECT details FROM admin_action WHERE action = 'timed_extra_time'`);
    expect(rows[0].details).toMatchObject({ assignmentId: quizId, extraPercent: 50, reason: "accommodation letter" });
    const untimed = await assign("exercise", "layer-order", null);
    const refused = await rejection(
      staff.setExtraTime(ivan, "cls", untimed.id, "alice", { extraPercent: 10, extraMinutes: 0, reason: "x" }),
    );
    expect(refused.code).toBe("CONFLICT");
  });
});

describe("one window per learner", () => {
  it("starts with the server's end, the extra time included, and a second start answers the same window", async () => {
    const first = await windows.startTimedWindow("alice", quizId, ago(10 * MINUTE));
    expect(first.state).toBe("running");
    expect(first.allowedSeconds).toBe(45 * 60);
    expect(first.endsAt).toBe(new Date(ago(10 * MINUTE).getTime() + 45 * MINUTE).toISOString());
    const again = await windows.startTimedWindow("alice", quizId, NOW);
    expect(again.startedAt).toBe(first.startedAt);
    expect(again.endsAt).toBe(first.endsAt);
    expect(await windowRows(quizId)).toHaveLength(1);
  });

  it("is refused a second row by the database itself", async () => {
    const insert = db.query(
      `INSERT INTO timed_window ("assignmentId", "userId", "endsAt") VALUES ($1, 'alice', now() + interval '1 day')`,
      [quizId],
    );
    await expect(insert).rejects.toThrow(/duplicate key/);
  });

  it("keeps its clock in the database: a fresh process (a restarted server) reads the same end", async () => {
    const before = (await windows.timedAssessmentsOf("alice", { kind: "quiz", itemSlug: QUIZ }))[0]!;
    vi.resetModules();
    const fresh = new pg.Pool({ connectionString: url });
    const globals = globalThis as { dockyardPool?: pg.Pool };
    const old = globals.dockyardPool;
    globals.dockyardPool = fresh;
    try {
      const reloaded = await import("./timed-windows");
      expect(reloaded).not.toBe(windows);
      const after = (await reloaded.timedAssessmentsOf("alice", { kind: "quiz", itemSlug: QUIZ }))[0]!;
      expect(after).toMatchObject({ state: "running", startedAt: before.startedAt, endsAt: before.endsAt });
    } finally {
      globals.dockyardPool = old;
      await fresh.end();
    }
  });

  it("moves a running window when staff change the extra time, and never reopens a finished one", async () => {
    const moved = await staff.setExtraTime(ivan, "cls", quizId, "alice", {
      extraPercent: 100,
      extraMinutes: 0,
      reason: "more per the letter",
    });
    expect(moved.endsAt).toBe(new Date(ago(10 * MINUTE).getTime() + 60 * MINUTE).toISOString());
    await windows.startTimedWindow("bob", exerciseId, ago(3 * HOUR));
    const late = await staff.setExtraTime(ivan, "cls", exerciseId, "bob", {
      extraPercent: 0,
      extraMinutes: 600,
      reason: "after the fact",
    });
    expect(late.endsAt).toBe(new Date(ago(3 * HOUR).getTime() + HOUR).toISOString());
    const [bobs] = await windows.timedAssessmentsOf("bob", { kind: "exercise", itemSlug: EXERCISE });
    expect(bobs?.state).toBe("finished");
  });
});

describe("help is closed while a window runs", () => {
  it("refuses hints, the reference solution and asking staff, naming the assessment", async () => {
    const { learnerHints, requestHint } = await import("../exercises/hints");
    const { revealSolution, solutionView } = await import("../solutions/solution");
    const { askForHelp } = await import("../help/ask-for-help");
    for (const refused of [
      await rejection(learnerHints("alice", EXERCISE)),
      await rejection(requestHint("alice", EXERCISE, 0)),
      await rejection(solutionView("alice", EXERCISE)),
      await rejection(revealSolution("alice", EXERCISE)),
      await rejection(askForHelp(alice, { kind: "exercise", slug: EXERCISE, question: "How do I do this?" })),
    ]) {
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toMatch(/closed during your timed assessment in Docker 101/);
    }
    expect((await db.query(`SELECT "userId" FROM hint_use UNION ALL SELECT "userId" FROM solution_seen`)).rows).toEqual(
      [],
    );
  });

  it("opens them again for a learner with no running window", async () => {
    const { learnerHints } = await import("../exercises/hints");
    await expect(learnerHints("bob", EXERCISE)).resolves.toMatchObject({ exercise: EXERCISE });
  });
});

describe("work is taken only inside the window", () => {
  it("refuses a submission before the start, and one after the end, with a clear 409", async () => {
    const { createSubmission } = await import("../submissions/create-submission");
    const files = [{ path: "Dockerfile", content: "FROM python:3.11-slim\n" }];
    const before = await rejection(createSubmission("alice", { exercise: EXERCISE, files }));
    expect(before.code).toBe("CONFLICT");
    expect(before.message).toMatch(/timed assessment: start it on this page first/);
    const after = await rejection(createSubmission("bob", { exercise: EXERCISE, files }));
    expect(after.code).toBe("CONFLICT");
    expect(after.message).toMatch(/ended at .*does not count/);
    expect((await db.query(`SELECT id FROM submission`)).rows).toEqual([]);
  });

  it("takes a submission in flight for the grace after the end, not after it", async () => {
    const end = new Date(ago(2 * HOUR).getTime());
    const inGrace = new Date(end.getTime() + 5_000);
    const item = { kind: "exercise" as const, itemSlug: EXERCISE };
    await expect(guard.assertMayAct("bob", item, "submit", { now: inGrace })).resolves.toEqual({
      countsIn: [exerciseId],
    });
    const late = await rejection(guard.assertMayAct("bob", item, "submit", { now: new Date(end.getTime() + 11_000) }));
    expect(late.code).toBe("CONFLICT");
  });

  it("hands a timed quiz in once: the attempt ends the window, and a second is refused", async () => {
    const { recordQuizAttempt } = await import("../quiz/record-attempt");
    const { loadQuizForLesson } = await import("../content/load-lesson");
    const { quiz } = await loadQuizForLesson(QUIZ);
    // Every question answered with its first option (an ordering as written): some right, some wrong.
    const answers = Object.fromEntries(
      quiz.questions.map((q) => [q.id, q.kind === "ordering" ? q.items.map((i) => i.id) : [q.options[0]!.id]]),
    );
    const grade = await recordQuizAttempt("alice", { lessonSlug: QUIZ, answers });
    windowGrade = grade.correct / grade.total;
    const [view] = await windows.timedAssessmentsOf("alice", { kind: "quiz", itemSlug: QUIZ });
    expect(view).toMatchObject({ state: "finished", closedReason: "handed-in" });
    const again = await rejection(recordQuizAttempt("alice", { lessonSlug: QUIZ, answers }));
    expect(again.code).toBe("CONFLICT");
    const restart = await windows.startTimedWindow("alice", quizId);
    expect(restart.state).toBe("finished");
    expect(await windowRows(quizId)).toHaveLength(1);
  });

  it("scores only the window's work: practice before it and tries after it count for nothing", async () => {
    const [window] = await windowRows(quizId);
    const started: Date = window.startedAt;
    await quizAttempt("alice", new Date(started.getTime() - HOUR), 4);
    await quizAttempt("alice", new Date(window.closedAt.getTime() + HOUR), 4);
    const targets = await scores.classScoreTargets(["cls"], ["alice", "bob"]);
    const scored = await scores.scoreAssignments(targets);
    const alices = scored.get(scores.scoreKey(quizId, "alice"))!;
    // The attempt handed in inside the window stands: the two full marks outside it do not count.
    expect(windowGrade).toBeLessThan(1);
    expect(alices).toMatchObject({ computed: scores.toPercent(windowGrade), status: "done" });
    expect(scored.get(scores.scoreKey(quizId, "bob"))).toMatchObject({ computed: null, status: "open" });
  });
});

describe("staff see each learner's window", () => {
  it("with its state, start, time used and extra time", async () => {
    const overview = await staff.classTimedWindows(tina, "cls", new Date());
    const quiz = overview.get(quizId)!;
    expect(quiz.map((w) => [w.name, w.state])).toEqual([
      ["Alice Archer", "finished"],
      ["Bob Baker", "not-started"],
    ]);
    expect(quiz[0]).toMatchObject({ closedReason: "handed-in", extra: { extraPercent: 100 } });
    expect(quiz[0]!.secondsUsed).toBeGreaterThanOrEqual(10 * 60);
    expect(overview.get(exerciseId)!.find((w) => w.userId === "bob")).toMatchObject({
      state: "finished",
      secondsUsed: 3600,
    });
    const outsider = await rejection(staff.classTimedWindows(alice, "cls", NOW));
    expect(outsider.code).toBe("NOT_FOUND");
  });
});

describe("a timed lab", () => {
  it("closes at the window's end: its queued lab now, an open one asked of its host", async () => {
    const { closeEndedTimedLabs } = await import("./timed-labs");
    await windows.startTimedWindow("alice", labId, ago(30 * MINUTE));
    await db.query(
      `INSERT INTO sandbox_session (id, kind, "userId", status, "labSlug", "createdAt")
       VALUES ('lab-q', 'lab', 'alice', 'queued', $1, $2::timestamptz AT TIME ZONE 'UTC'),
              ('lab-o', 'lab', 'alice', 'open', $1, $2::timestamptz AT TIME ZONE 'UTC'),
              ('lab-later', 'lab', 'alice', 'queued', $1, $3::timestamptz AT TIME ZONE 'UTC')`,
      [LAB, ago(25 * MINUTE).toISOString(), ago(MINUTE).toISOString()],
    );
    expect((await closeEndedTimedLabs(db, ago(11 * MINUTE))).sort()).toEqual([]);
    expect((await closeEndedTimedLabs(db, NOW)).sort()).toEqual(["lab-o", "lab-q"]);
    const { rows } = await db.query(`SELECT id, status::text, "closeReason" FROM sandbox_session ORDER BY id`);
    expect(rows).toEqual([
      { id: "lab-later", status: "queued", closeReason: null },
      { id: "lab-o", status: "open", closeReason: null },
      { id: "lab-q", status: "closed", closeReason: expect.stringMatching(/timed assessment ended/) },
    ]);
  });

  it("refuses to start the lab once the window ended, before the due date", async () => {
    const refused = await rejection(guard.assertMayAct("alice", { kind: "lab", itemSlug: LAB }, "start", { now: NOW }));
    expect(refused.message).toMatch(/ended at/);
  });
});
