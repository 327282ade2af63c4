import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { CurrentUser } from "../auth/current-user";

// Classes as attacks meet them: who may create, join, see and manage which class, and what the log keeps.
let db: pg.Pool;
let drop: () => Promise<void>;
let classes: typeof import("./classes");
let roster: typeof import("./roster");
let scope: typeof import("../access/staff-scope");
let invites: typeof import("./invitations");

const person = (id: string, role: CurrentUser["role"] = "learner"): CurrentUser => ({
  id,
  name: id,
  email: `${id}@example.test`,
  role,
});
const ivy = person("ivy", "instructor");
const otto = person("otto", "instructor");
const ada = person("ada", "admin");
const tom = person("tom");
const lea = person("lea");
const ben = person("ben");

let classA = { id: "", joinCode: "" };
let classB = { id: "", joinCode: "" };

async function rejects(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  return "resolved";
}

beforeAll(async () => {
  const database = await createTestDatabase("classes");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  db = new pg.Pool({ connectionString: database.url });
  [classes, roster, scope, invites] = await Promise.all([
    import("./classes"),
    import("./roster"),
    import("../access/staff-scope"),
    import("./invitations"),
  ]);
  await insertUsers(db, [
    { id: "ivy", role: "instructor" },
    { id: "otto", role: "instructor" },
    { id: "ada", role: "admin" },
    { id: "tom" },
    { id: "lea" },
    { id: "ben" },
  ]);
  classA = await classes.createClass(ivy, { name: "ML Ops A", term: "Spring 2027" });
  classB = await classes.createClass(otto, { name: "ML Ops B", term: "Spring 2027" });
});

afterAll(async () => {
  const { pool } = await import("../db/pool");
  await Promise.all([pool().end(), db?.end()]);
  await drop?.();
});

describe("creating and joining a class", () => {
  it("makes its creator its instructor and logs it; a learner cannot create one", async () => {
    const detail = await classes.classDetail(ivy, classA.id);
    expect(detail.staff.map((s) => [s.userId, s.role])).toEqual([["ivy", "instructor"]]);
    expect(detail.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const { rows } = await db.query(`SELECT action, "targetId", details FROM admin_action WHERE "actorId" = 'ivy'`);
    expect(rows).toEqual([{ action: "class_created", targetId: classA.id, details: { term: "Spring 2027" } }]);
    expect(await rejects(classes.createClass(tom, { name: "Mine", term: "now" }))).toBe("FORBIDDEN");
  });

  it("lets a learner join with the code however it is typed, once, and never without it", async () => {
    const typed = `${classA.joinCode.slice(0, 4).toLowerCase()}-${classA.joinCode.slice(4)}`;
    expect(await classes.joinClass(lea, typed)).toEqual({ id: classA.id, name: "ML Ops A" });
    await classes.joinClass(lea, classA.joinCode);
    expect((await classes.joinedClasses("lea")).map((c) => c.id)).toEqual([classA.id]);
    expect(await rejects(classes.joinClass(tom, "ABCD2345"))).toBe("NOT_FOUND");
    expect(await rejects(classes.joinClass(tom, "not a code"))).toBe("BAD_REQUEST");
    await classes.joinClass(ben, classB.joinCode);
  });

  it("stops a code working once it is closed or replaced", async () => {
    const old = classB.joinCode;
    const fresh = await classes.setJoinCode(otto, classB.id, true);
    expect(fresh).not.toBe(old);
    expect(await rejects(classes.joinClass(tom, old))).toBe("NOT_FOUND");
    expect(await classes.setJoinCode(otto, classB.id, false)).toBeNull();
    expect(await rejects(classes.joinClass(tom, fresh!))).toBe("NOT_FOUND");
  });
});

describe("staff see only their classes", () => {
  it("gives a TA of class A class A's learners and nothing of class B", async () => {
    await classes.setClassStaff(ivy, classA.id, { email: "tom@example.test", role: "ta" });
    const tomScope = await scope.staffScope(tom);
    expect(scope.hasStaffAccess(tomScope)).toBe(true);
    expect(tomScope.classes.map((c) => [c.id, c.role])).toEqual([[classA.id, "ta"]]);
    expect(await scope.learnersInView(tomScope, null)).toEqual(["lea"]);
    expect(await scope.learnersInView(tomScope, classB.id)).toEqual([]);
    expect(await scope.canSeeLearner(tomScope, "lea")).toBe(true);
    expect(await scope.canSeeLearner(tomScope, "ben")).toBe(false);
    expect(await rejects(classes.classDetail(tom, classB.id))).toBe("NOT_FOUND");
  });

  it("lets a TA see the class but not manage it", async () => {
    expect((await classes.classDetail(tom, classA.id)).canManage).toBe(false);
    expect(await rejects(classes.setJoinCode(tom, classA.id, true))).toBe("FORBIDDEN");
    expect(await rejects(classes.setClassStaff(tom, classA.id, { email: "ben@example.test", role: "ta" }))).toBe(
      "FORBIDDEN",
    );
    expect(await rejects(classes.removeLearner(tom, classA.id, "lea"))).toBe("FORBIDDEN");
    expect(await rejects(roster.importRoster(tom, classA.id, "email\nx@example.test"))).toBe("FORBIDDEN");
  });

  it("gives an instructor of another class nothing of this one, an admin everything", async () => {
    expect(await rejects(classes.setJoinCode(otto, classA.id, true))).toBe("NOT_FOUND");
    const ottoScope = await scope.staffScope(otto);
    expect(await scope.canSeeLearner(ottoScope, "lea")).toBe(false);
    const adaScope = await scope.staffScope(ada);
    expect(await scope.learnersInView(adaScope, null)).toBeNull();
    expect(await scope.learnersInView(adaScope, classA.id)).toEqual(["lea"]);
    expect(await scope.canSeeLearner(adaScope, "ben")).toBe(true);
    expect(scope.hasStaffAccess(await scope.staffScope(lea))).toBe(false);
  });

  it("keeps an instructor on every class", async () => {
    expect(await rejects(classes.setClassStaff(ivy, classA.id, { email: "ivy@example.test", role: null }))).toBe(
      "CONFLICT",
    );
    expect(await rejects(classes.setClassStaff(ivy, classA.id, { email: "ivy@example.test", role: "ta" }))).toBe(
      "CONFLICT",
    );
    await classes.setClassStaff(ivy, classA.id, { email: "ada@example.test", role: "instructor" });
    await classes.setClassStaff(ada, classA.id, { email: "ada@example.test", role: null });
    const { rows } = await db.query(
      `SELECT details FROM admin_action WHERE action = 'class_staff_changed' AND "targetId" = 'ada' ORDER BY id`,
    );
    expect(rows.map((r) => [r.details.from, r.details.to])).toEqual([
      [null, "instructor"],
      ["instructor", null],
    ]);
  });
});

describe("rosters", () => {
  it("reads a header or bare e-mails, and says which lines it refused and why", () => {
    const parsed = roster.parseRoster("Name,Email,Role\nBen,BEN@example.test,\nX,not-an-email,\nY,y@e.test,owner\n");
    expect(parsed.lines).toEqual([{ email: "ben@example.test", role: "learner", line: 2 }]);
    expect(parsed.refused.map((r) => r.line)).toEqual([3, 4]);
    expect(parsed.refused[1]!.reason).toContain("learner or ta");
    const bare = roster.parseRoster("a@e.test\na@e.test,ta\nb@e.test,ta\n");
    expect(bare.lines).toEqual([
      { email: "a@e.test", role: "learner", line: 1 },
      { email: "b@e.test", role: "ta", line: 3 },
    ]);
    expect(bare.refused[0]!.reason).toBe("this e-mail is on an earlier line");
  });

  it("puts nobody in a class: every line is an invitation, accepted or declined by its proven address", async () => {
    const csv = "email,role\nben@example.test\nlea@example.test\nnew@e.test\nsam@e.test,ta\n";
    const result = await roster.importRoster(ivy, classA.id, csv);
    expect(result).toEqual({ invited: 3, already: 1, refused: [] });
    // Ben has an account, but the roster alone shows his work to nobody.
    expect((await classes.classDetail(ivy, classA.id)).learners.map((l) => l.userId)).toEqual(["lea"]);
    expect(await scope.canSeeLearner(await scope.staffScope(ivy), "ben")).toBe(false);
    expect((await invites.pendingInvitations(ben)).map((i) => [i.className, i.role, i.invitedBy])).toEqual([
      ["ML Ops A", "learner", "ivy"],
    ]);
    // A stranger who signed up with the invited TA's address, unproven: sees no invitation and cannot accept it.
    await insertUsers(db, [{ id: "sam", email: "SAM@e.test", verified: false }]);
    const sam = person("sam");
    expect(await invites.pendingInvitations(sam)).toEqual([]);
    expect(await rejects(invites.answerInvitation(sam, classA.id, true))).toBe("NOT_FOUND");
    expect((await classes.classDetail(ivy, classA.id)).staff.map((s) => s.userId)).not.toContain("sam");
    // Nor does another account answer an invitation that is not to its address.
    expect(await rejects(invites.answerInvitation(tom, classA.id, true))).toBe("NOT_FOUND");
    await invites.answerInvitation(ben, classA.id, true);
    await insertUsers(db, [{ id: "nia", email: "NEW@e.test" }]);
    await invites.answerInvitation(person("nia"), classA.id, false);
    const detail = await classes.classDetail(ivy, classA.id);
    expect(detail.learners.map((l) => [l.userId, l.source])).toEqual([
      ["ben", "roster"],
      ["lea", "code"],
    ]);
    expect(detail.invites.map((i) => i.email)).toEqual(["sam@e.test"]);
    expect(await invites.pendingInvitations(ben)).toEqual([]);
  });

  it("gives a staff role only to an account that proved its address", async () => {
    await insertUsers(db, [{ id: "una", verified: false }]);
    expect(await rejects(classes.setClassStaff(ivy, classA.id, { email: "una@example.test", role: "ta" }))).toBe(
      "CONFLICT",
    );
    await db.query(`UPDATE "user" SET "emailVerified" = true WHERE id = 'una'`);
    await classes.setClassStaff(ivy, classA.id, { email: "una@example.test", role: "ta" });
    await classes.setClassStaff(ivy, classA.id, { email: "una@example.test", role: null });
  });
});
