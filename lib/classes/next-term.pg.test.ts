import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";
import type { CurrentUser } from "../auth/current-user";

let db: pg.Pool;
let drop: () => Promise<void>;
let nextTerm: typeof import("./next-term");

const EXERCISE = "first-image";
const QUIZ = "containers-vs-vms";
const caller = (id: string, role: "learner" | "instructor" | "admin") => ({ id, role }) as CurrentUser;
const ivan = caller("ivan", "instructor");
// A teaching assistant of the class with the platform's instructor role, one with the learner role, and an
// instructor who is a teaching assistant of another class only.
const tom = caller("tom", "instructor");
const tina = caller("tina", "learner");
const otto = caller("otto", "instructor");
const ada = caller("ada", "admin");

// Due 23:59 in Berlin on Friday 20 March 2026 (CET, UTC+1); Berlin moves to summer time (UTC+2) on 29 March.
const EXERCISE_DUE = "2026-03-20T22:59:00.000Z";
const EXERCISE_OPENS = "2026-03-02T07:00:00.000Z";
const QUIZ_DUE = "2026-02-27T22:59:00.000Z";
const body = (patch: object = {}) => ({
  name: "Docker for ML",
  term: "Autumn 2026",
  days: 14,
  timeZone: "Europe/Berlin",
  copyStaff: true,
  ...patch,
});

async function member(classId: string, userId: string, role: "instructor" | "ta" | "learner") {
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')`,
    [classId, userId, role],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("next_term");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  nextTerm = await import("./next-term");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [
    { id: "ivan", name: "Ivan Instructor", role: "instructor" },
    { id: "tom", name: "Tom Assistant", role: "instructor" },
    { id: "tina", name: "Tina Assistant" },
    { id: "otto", name: "Otto Other", role: "instructor" },
    { id: "ada", name: "Ada Admin", role: "admin" },
    { id: "alice", name: "Alice Archer" },
  ]);
  await db.query(
    `INSERT INTO class (id, name, term, "joinCode", "archivedAt") VALUES
       ('cls-a', 'Docker for ML', 'Spring 2026', 'ABCDEFGH', now()), ('cls-b', 'Other', 'Spring 2026', NULL, NULL)`,
  );
  await member("cls-a", "ivan", "instructor");
  await member("cls-a", "tom", "ta");
  await member("cls-a", "tina", "ta");
  await member("cls-a", "alice", "learner");
  await member("cls-b", "otto", "ta");
  await db.query(
    `INSERT INTO assignment (id, "classId", kind, "itemSlug", "opensAt", "dueAt", "latePolicy", "earlyCredit",
                             "updatedAt")
     VALUES ('as-ex', 'cls-a', 'exercise', $1, $2::timestamptz AT TIME ZONE 'UTC', $3::timestamptz AT TIME ZONE 'UTC',
             '[{"days": 3, "credit": 80}]', '[{"days": 2, "credit": 110}]', now()),
            ('as-quiz', 'cls-a', 'quiz', $4, NULL, $5::timestamptz AT TIME ZONE 'UTC', '[]', '[]', now())`,
    [EXERCISE, EXERCISE_OPENS, EXERCISE_DUE, QUIZ, QUIZ_DUE],
  );
  await db.query(
    `INSERT INTO assignment_extension ("assignmentId", "userId", "dueAt", reason)
     VALUES ('as-ex', 'alice', now(), 'ill')`,
  );
  await db.query(
    `INSERT INTO score_override ("assignmentId", "userId", score, reason) VALUES ('as-ex', 'alice', 90, 'oral')`,
  );
  await db.query(
    `INSERT INTO rubric ("assignmentId", mode, share, "updatedAt") VALUES ('as-ex', 'combined', 40, now())`,
  );
  await db.query(
    `INSERT INTO rubric_item (id, "assignmentId", position, title, points, feedback)
     VALUES ('ri-1', 'as-ex', 0, 'Small image', 5, 'Use a slim base.')`,
  );
});

afterAll(async () => {
  const [{ pool }, { prisma }] = await Promise.all([import("../db/pool"), import("../db/client")]);
  await Promise.all([db?.end(), pool().end(), prisma().$disconnect()]);
  await drop?.();
});

/** Every column of a class's assignments, by item, without what a copy makes afresh. */
async function assignmentSettings(classId: string) {
  const { rows } = await db.query(`SELECT * FROM assignment WHERE "classId" = $1 ORDER BY "itemSlug"`, [classId]);
  return rows.map(({ id: _, classId: __, createdAt: ___, updatedAt: ____, opensAt, dueAt, ...rest }) => ({
    ...rest,
    opensAt: opensAt?.toISOString() ?? null,
    dueAt: dueAt.toISOString(),
  }));
}

describe("copyClass", () => {
  it("copies every assignment with its dates moved, keeping Berlin's wall clock across the DST change", async () => {
    const copy = await nextTerm.copyClass(ivan, "cls-a", body());
    expect(copy).toMatchObject({ name: "Docker for ML", assignments: 2, days: 14, staff: 2 });
    const before = await assignmentSettings("cls-a");
    const after = await assignmentSettings(copy.id);
    // Every other column is the same: a column added later is copied unless copy-columns.ts says otherwise.
    const undated = (rows: typeof before) => rows.map(({ opensAt: _, dueAt: __, ...rest }) => rest);
    expect(undated(after)).toEqual(undated(before));
    expect(after.find((a) => a.itemSlug === EXERCISE)).toMatchObject({
      // 23:59 CEST on Friday 3 April: thirteen days and 23 hours after, in exact time.
      dueAt: "2026-04-03T21:59:00.000Z",
      // 08:00 CET on 2 March, 08:00 CET on 16 March: no change of clocks between.
      opensAt: "2026-03-16T07:00:00.000Z",
      earlyCredit: [{ days: 2, credit: 110 }],
      latePolicy: [{ days: 3, credit: 80 }],
    });
    expect(after.find((a) => a.itemSlug === QUIZ)).toMatchObject({ dueAt: "2026-03-13T22:59:00.000Z", opensAt: null });
  });

  it("makes a class of its own: new join code, not archived, the copier its instructor, the staff along", async () => {
    const copy = await nextTerm.copyClass(ivan, "cls-a", body({ name: "Docker for ML (B)" }));
    const { rows } = await db.query(`SELECT * FROM class WHERE id = $1`, [copy.id]);
    expect(rows[0]).toMatchObject({
      name: "Docker for ML (B)",
      term: "Autumn 2026",
      createdById: "ivan",
      archivedAt: null,
    });
    expect(rows[0].joinCode).toMatch(/^[A-Z0-9]{8}$/);
    expect(rows[0].joinCode).not.toBe("ABCDEFGH");
    const members = await db.query(
      `SELECT "userId", role::text AS role FROM class_member WHERE "classId" = $1 ORDER BY "userId"`,
      [copy.id],
    );
    expect(members.rows).toEqual([
      { userId: "ivan", role: "instructor" },
      { userId: "tina", role: "ta" },
      { userId: "tom", role: "ta" },
    ]);
  });

  it("leaves last term's learners, extensions, overrides and marks behind, and copies the rubric", async () => {
    const copy = await nextTerm.copyClass(ivan, "cls-a", body({ copyStaff: false }));
    const count = async (sql: string) => Number((await db.query(sql, [copy.id])).rows[0].n);
    expect(await count(`SELECT count(*) AS n FROM class_member WHERE "classId" = $1`)).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM assignment_extension e JOIN assignment a ON a.id = e."assignmentId"
          WHERE a."classId" = $1`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM score_override o JOIN assignment a ON a.id = o."assignmentId"
          WHERE a."classId" = $1`,
      ),
    ).toBe(0);
    const rubric = await db.query(
      `SELECT r.mode, r.share, i.title, i.points FROM rubric r JOIN assignment a ON a.id = r."assignmentId"
         JOIN rubric_item i ON i."assignmentId" = r."assignmentId" WHERE a."classId" = $1`,
      [copy.id],
    );
    expect(rubric.rows).toEqual([{ mode: "combined", share: 40, title: "Small image", points: 5 }]);
  });

  it("keeps exact durations in UTC, and moves dates earlier with a negative shift", async () => {
    const utc = await nextTerm.copyClass(ivan, "cls-a", body({ timeZone: "UTC" }));
    expect((await assignmentSettings(utc.id)).find((a) => a.itemSlug === EXERCISE)?.dueAt).toBe(
      "2026-04-03T22:59:00.000Z",
    );
    const earlier = await nextTerm.copyClass(ivan, "cls-a", body({ days: -7 }));
    expect((await assignmentSettings(earlier.id)).find((a) => a.itemSlug === QUIZ)?.dueAt).toBe(
      "2026-02-20T22:59:00.000Z",
    );
  });

  it("is for the class's staff who may create classes, and admins", async () => {
    const otherTa = await rejection(nextTerm.copyClass(otto, "cls-a", body()));
    expect(otherTa.code).toBe("NOT_FOUND");
    const learnerTa = await rejection(nextTerm.copyClass(tina, "cls-a", body()));
    expect(learnerTa.code).toBe("FORBIDDEN");
    expect(learnerTa.message).toMatch(/^Only instructors can create classes/);
    expect(await nextTerm.copySource(otto, "cls-a")).toBeNull();
    expect(await nextTerm.copySource(tina, "cls-a")).toBeNull();
    const byTa = await nextTerm.copyClass(tom, "cls-a", body({ copyStaff: false }));
    const role = await db.query(`SELECT role::text AS role FROM class_member WHERE "classId" = $1`, [byTa.id]);
    expect(role.rows).toEqual([{ role: "instructor" }]);
    expect((await nextTerm.copyClass(ada, "cls-a", body())).assignments).toBe(2);
  });

  it("refuses bad input with a 400 and copies nothing", async () => {
    const classes = async () => Number((await db.query(`SELECT count(*) AS n FROM class`)).rows[0].n);
    const before = await classes();
    for (const patch of [{ days: 0.5 }, { timeZone: "Mars/Olympus" }, { name: "" }, { days: undefined }]) {
      const refused = await rejection(nextTerm.copyClass(ivan, "cls-a", body(patch)));
      expect(refused.code).toBe("BAD_REQUEST");
    }
    expect(await classes()).toBe(before);
  });

  it("shows the copy form the class's first due dates and what the copy would bring", async () => {
    const source = await nextTerm.copySource(ivan, "cls-a");
    expect(source).toMatchObject({ name: "Docker for ML", otherStaff: 2, linked: false });
    expect(source?.assignments.map((a) => a.dueAt)).toEqual([QUIZ_DUE, EXERCISE_DUE]);
  });

  it("logs the copy in the admin log", async () => {
    const { rows } = await db.query(
      `SELECT details FROM admin_action WHERE action = 'class_created' ORDER BY "createdAt" DESC LIMIT 1`,
    );
    expect(rows[0].details.copiedFrom).toMatchObject({ classId: "cls-a", className: "Docker for ML", assignments: 2 });
  });
});
