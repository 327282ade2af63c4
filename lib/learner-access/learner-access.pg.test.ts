import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";
import type { LearnerAction } from "./learner-access";

/**
 * The one guard of a learner's actions, against a real database: each action refused for the reason it should be,
 * with the code, words and details the pages read, and allowed otherwise.
 */

let database: TestDatabase;
let db: pg.Pool;
let guard: typeof import("./learner-access");

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (ms: number) => new Date(NOW.getTime() + ms);
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const EXERCISE = { kind: "exercise" as const, itemSlug: "first-image" };
const LAB = { kind: "lab" as const, itemSlug: "keep-model-files" };
const QUIZ = { kind: "quiz" as const, itemSlug: "containers-vs-vms" };
const PAST_DUE = { kind: "exercise" as const, itemSlug: "layer-order" };
const UNTIMED = { kind: "exercise" as const, itemSlug: "multi-stage" };

// rita's window on the exercise runs; eddy's ended; nina has not started hers. nora is in no class, olga only in an
// archived one.
const RITA_ENDS = at(50 * MINUTE);
const EDDY_ENDED = at(-HOUR);

async function assign(id: string, item: { kind: string; itemSlug: string }, opensAt: Date | null, dueAt: Date) {
  const minutes = { exercise: 60, lab: 20, quiz: 30 }[item.kind];
  await db.query(
    `INSERT INTO assignment (id, "classId", kind, "itemSlug", "opensAt", "dueAt", "latePolicy", "timeLimitMinutes",
                             "updatedAt")
     VALUES ($1, 'cls', $2, $3, $4::timestamptz AT TIME ZONE 'UTC', $5::timestamptz AT TIME ZONE 'UTC', '[]', $6,
             now())`,
    [id, item.kind, item.itemSlug, opensAt, dueAt, minutes],
  );
}

async function window(assignmentId: string, userId: string, startedAt: Date, endsAt: Date) {
  await db.query(
    `INSERT INTO timed_window ("assignmentId", "userId", "startedAt", "endsAt")
     VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC', $4::timestamptz AT TIME ZONE 'UTC')`,
    [assignmentId, userId, startedAt, endsAt],
  );
}

beforeAll(async () => {
  database = await createTestDatabase("learner_access");
  process.env.DATABASE_URL = database.url;
  guard = await import("./learner-access");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(
    db,
    ["ivan", "rita", "eddy", "nina", "nora", "olga"].map((id) => ({ id })),
  );
  await insertClass(db, { id: "cls", instructors: ["ivan"], learners: ["rita", "eddy", "nina"] });
  await insertClass(db, { id: "old", instructors: ["ivan"], learners: ["olga"] });
  await db.query(`UPDATE class SET name = 'Docker 101' WHERE id = 'cls'`);
  await db.query(`UPDATE class SET "archivedAt" = now() WHERE id = 'old'`);
  const week = at(7 * 24 * HOUR);
  await assign("timed-exercise", EXERCISE, null, week);
  await assign("timed-lab", LAB, null, week);
  await assign("timed-quiz", QUIZ, at(24 * HOUR), week);
  await assign("past-due", PAST_DUE, null, at(-24 * HOUR));
  await window("timed-exercise", "rita", at(-10 * MINUTE), RITA_ENDS);
  await window("timed-exercise", "eddy", at(-2 * HOUR), EDDY_ENDED);
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([db?.end(), pool().end()]);
  await database?.drop();
});

const act = (userId: string, item: { kind: "exercise" | "lab" | "quiz"; itemSlug: string }, action: LearnerAction) =>
  guard.assertMayAct(userId, item, action, { now: NOW });

describe("work (submit, start, answer-quiz) is taken only inside a live timed window", () => {
  it("refuses it before the learner's window: start it first (409)", async () => {
    const submit = await rejection(act("nina", EXERCISE, "submit"));
    expect(submit.code).toBe("CONFLICT");
    expect(submit.message).toBe(
      "Docker 101 gives this exercise as a timed assessment: start it on this page first " +
        "(you have 60 minutes once started).",
    );
    expect(submit.details).toEqual({ reason: "timed-not-started", assignmentId: "timed-exercise" });
    const start = await rejection(act("nina", LAB, "start"));
    expect(start.code).toBe("CONFLICT");
    expect(start.message).toMatch(/gives this lab as a timed assessment: .*\(you have 20 minutes once started\)/);
  });

  it("refuses it after the learner's window ended, until the due date (409)", async () => {
    const late = await rejection(act("eddy", EXERCISE, "submit"));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toBe(
      `Your timed assessment of this exercise in Docker 101 ended at ${utc(EDDY_ENDED)}: work handed in after it ` +
        "does not count, so it is not taken until the due date has passed.",
    );
    expect(late.details).toEqual({ reason: "timed-window-ended", assignmentId: "timed-exercise" });
  });

  it("takes it inside the window, answering the window it counts in", async () => {
    await expect(act("rita", EXERCISE, "submit")).resolves.toEqual({ countsIn: ["timed-exercise"] });
  });

  it("takes it as practice before the assignment opens, after the due date, or on an untimed item", async () => {
    await expect(act("nina", QUIZ, "answer-quiz")).resolves.toEqual({ countsIn: [] });
    await expect(act("nina", PAST_DUE, "submit")).resolves.toEqual({ countsIn: [] });
    await expect(act("nina", UNTIMED, "submit")).resolves.toEqual({ countsIn: [] });
    await expect(act("nora", EXERCISE, "submit")).resolves.toEqual({ countsIn: [] });
  });
});

describe("help (see-hint, see-solution, ask-help) is closed while any timed window runs", () => {
  const words: [LearnerAction, string][] = [
    ["see-hint", "Hints are"],
    ["see-solution", "The reference solution is"],
    ["ask-help", "Asking staff for help is"],
  ];

  it.each(words)(
    "refuses %s during the window, on any item, naming the assessment and its end (403)",
    async (action, help) => {
      for (const item of [EXERCISE, UNTIMED, LAB]) {
        const refused = await rejection(act("rita", item, action));
        expect(refused.code).toBe("FORBIDDEN");
        expect(refused.message).toBe(
          `${help} closed during your timed assessment in Docker 101, until it ends at ${utc(RITA_ENDS)}.`,
        );
        expect(refused.details).toEqual({
          reason: "timed-assessment",
          assignmentId: "timed-exercise",
          endsAt: RITA_ENDS.toISOString(),
        });
      }
    },
  );

  it.each(words)("allows %s with no window running: not started, or ended", async (action) => {
    for (const userId of ["nina", "eddy"])
      await expect(act(userId, EXERCISE, action)).resolves.toEqual({ countsIn: [] });
  });
});

describe("asking for help needs a class with staff", () => {
  it("refuses a learner in no class, or only in an archived one (409), who may still see hints", async () => {
    for (const userId of ["nora", "olga"]) {
      const refused = await rejection(act(userId, EXERCISE, "ask-help"));
      expect(refused.code).toBe("CONFLICT");
      expect(refused.message).toBe("You are in no class with staff to ask; join your class first.");
      await expect(act(userId, EXERCISE, "see-hint")).resolves.toEqual({ countsIn: [] });
    }
    expect(await guard.hasClassStaff("nina")).toBe(true);
    expect(await guard.hasClassStaff("olga")).toBe(false);
  });
});

describe("an earlier attempt (see-attempt) is closed while a window on its item runs", () => {
  const seeAttempt = (userId: string, item: typeof EXERCISE, attemptAt: Date) =>
    guard.assertMayAct(userId, item, "see-attempt", { now: NOW, attemptAt });

  it("refuses an attempt made before the window started (403)", async () => {
    const refused = await rejection(seeAttempt("rita", EXERCISE, at(-HOUR)));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe(
      "Your earlier attempts' reports and feedback are closed while your timed assessment of this exercise runs.",
    );
    expect(refused.details).toEqual({ reason: "timed-assessment" });
  });

  it("allows one made inside the window, one of another item, and any once the window ended", async () => {
    await expect(seeAttempt("rita", EXERCISE, at(-5 * MINUTE))).resolves.toEqual({ countsIn: [] });
    await expect(seeAttempt("rita", UNTIMED, at(-HOUR))).resolves.toEqual({ countsIn: [] });
    await expect(seeAttempt("eddy", EXERCISE, at(-3 * HOUR))).resolves.toEqual({ countsIn: [] });
  });
});
