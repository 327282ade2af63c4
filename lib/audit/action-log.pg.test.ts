import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { AdminLogEntry } from "../admin/admin-log";

let db: pg.Pool;
let drop: () => Promise<void>;
let log: typeof import("../admin/admin-log");
let recordAdminAction: typeof import("./action-log").recordAdminAction;
let setRole: typeof import("../auth/manage-roles").setRole;
let createAdmin: typeof import("../auth/create-admin").createAdmin;
let regrade: typeof import("../instructor/regrade");
let gradebook: typeof import("../instructor/gradebook");
let prisma: typeof import("../db/client").prisma;

const EXERCISE = "first-image";
const EXERCISE_TITLE = "Your first ML service image";
const ada = { id: "ada", name: "Ada Admin", email: "ada@example.test", role: "admin" as const };
const ivan = { id: "ivan", name: "Ivan Instructor", email: "ivan@example.test", role: "instructor" as const };

async function entries(): Promise<AdminLogEntry[]> {
  return (await log.listAdminActions({ page: 1 })).entries;
}

async function roleOf(id: string): Promise<string> {
  return (await db.query(`SELECT role::text AS role FROM "user" WHERE id = $1`, [id])).rows[0].role;
}

async function insertSubmission(id: string, userId: string, status: string) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status)
     VALUES ($1, $2, $3, $4::jsonb, $5::"SubmissionStatus")`,
    [id, userId, EXERCISE, JSON.stringify([{ path: "Dockerfile", content: "FROM python:3.11-slim\n" }]), status],
  );
}

beforeAll(async () => {
  const database = await createTestDatabase("admin_log");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  log = await import("../admin/admin-log");
  ({ recordAdminAction } = await import("./action-log"));
  ({ setRole } = await import("../auth/manage-roles"));
  ({ createAdmin } = await import("../auth/create-admin"));
  regrade = await import("../instructor/regrade");
  gradebook = await import("../instructor/gradebook");
  ({ prisma } = await import("../db/client"));
  db = new pg.Pool({ connectionString: database.url });
});

beforeEach(async () => {
  await db.query(`DELETE FROM "user"`);
  await db.query(`DELETE FROM admin_action`);
  await insertUsers(db, [
    { id: "ada", name: "Ada Admin", role: "admin" },
    { id: "ivan", name: "Ivan Instructor", role: "instructor" },
    { id: "lee", name: "Lee <b>Learner</b>" },
    { id: "amy", name: "Amy" },
  ]);
  // Ivan teaches both learners: staff act on their classes' learners only.
  await db.query(`DELETE FROM class`);
  await db.query(`INSERT INTO class (id, name, term) VALUES ('c1', 'Class', 'Term')`);
  await db.query(
    `INSERT INTO class_member ("classId", "userId", role, source)
     VALUES ('c1', 'ivan', 'instructor', 'staff'), ('c1', 'lee', 'learner', 'code'), ('c1', 'amy', 'learner', 'code')`,
  );
});

afterAll(async () => {
  await Promise.all([closeAppConnections(), db?.end()]);
  await drop?.();
});

describe("the actions write their entries", () => {
  it("a role change writes one entry: who, what, to whom, from which role to which, and when", async () => {
    await setRole({ id: "ada" }, "lee", "instructor");
    const [entry, ...more] = await entries();
    expect(more).toEqual([]);
    expect(entry).toEqual({
      id: expect.any(String),
      action: "role_changed",
      at: expect.any(Date),
      actor: { id: "ada", name: "Ada Admin", email: "ada@example.test", commandLine: false },
      target: { kind: "user", id: "lee", label: "Lee <b>Learner</b>", exists: true, email: "lee@example.test" },
      details: { from: "learner", to: "instructor" },
    });
    expect(Math.abs(Date.now() - entry!.at.getTime())).toBeLessThan(60_000);
  });

  it("a refused role change writes nothing, and one whose entry cannot be written does not happen", async () => {
    await expect(setRole({ id: "ivan" }, "lee", "instructor")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setRole({ id: "ada" }, "ada", "learner")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await entries()).toEqual([]);
    // Make the log refuse every entry: the role change that would write one rolls back with it.
    await db.query(`
      CREATE FUNCTION refuse_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the log is unavailable'; END $$;
      CREATE TRIGGER refuse_entry BEFORE INSERT ON admin_action FOR EACH ROW EXECUTE FUNCTION refuse_entry();`);
    try {
      await expect(setRole({ id: "ada" }, "lee", "admin")).rejects.toThrow(/the log is unavailable/);
      expect(await roleOf("lee")).toBe("learner");
    } finally {
      await db.query(`DROP TRIGGER refuse_entry ON admin_action; DROP FUNCTION refuse_entry();`);
    }
    expect(await entries()).toEqual([]);
  });

  it("re-grading one submission and a whole exercise writes one entry each; a refused re-grade none", async () => {
    await insertSubmission("lee1", "lee", "failed");
    await insertSubmission("amy1", "amy", "passed");
    const one = await regrade.regradeSubmission(ivan, "lee1");
    await expect(regrade.regradeSubmission(ivan, "lee1")).rejects.toMatchObject({ code: "CONFLICT" });
    const regradeId = (await db.query(`SELECT id FROM submission WHERE "regradeOfId" = 'lee1'`)).rows[0].id;
    // The re-grade of lee1 is still waiting, so the whole-exercise re-grade takes amy1 only.
    const all = await regrade.regradeExercise(ada, EXERCISE);
    expect(all.total).toBe(1);
    const [exercise, submission, ...more] = await entries();
    expect(more).toEqual([]);
    expect(submission).toMatchObject({
      action: "regrade_submission",
      actor: { id: "ivan", name: "Ivan Instructor" },
      target: { kind: "submission", id: "lee1", label: "Lee <b>Learner</b>", exists: true },
      details: { batchId: one.batchId, exerciseSlug: EXERCISE, exerciseTitle: EXERCISE_TITLE, regradeId },
    });
    expect(exercise).toMatchObject({
      action: "regrade_exercise",
      actor: { id: "ada" },
      target: { kind: "exercise", id: EXERCISE, label: EXERCISE_TITLE, exists: true },
      details: { batchId: all.batchId, submissions: 1 },
    });
  });

  it("exporting the gradebook writes an entry with the format and how much was exported", async () => {
    const { csv } = await gradebook.gradebookCsvExport(ivan);
    const json = await gradebook.gradebookJsonExport(ada);
    const [second, first] = await entries();
    // Two learners (Lee and Amy), one record each after the header.
    expect(csv.trim().split("\r\n")).toHaveLength(3);
    expect(first).toMatchObject({
      action: "gradebook_exported",
      actor: { id: "ivan" },
      target: null,
      details: { format: "csv", learners: 2, columns: json.columns.length },
    });
    expect(second).toMatchObject({ actor: { id: "ada" }, details: { format: "json", learners: 2 } });
  });

  it("npm run create-admin writes an entry whose actor is the command line", async () => {
    await createAdmin({ email: "ann@example.test", name: "Ann New", password: "a long enough password" });
    await createAdmin({ email: "amy@example.test", name: "Amy", password: "a long enough password" });
    const [promoted, created] = await entries();
    const commandLine = { id: null, name: "the command line", email: null, commandLine: true };
    expect(created).toMatchObject({
      action: "admin_created",
      actor: commandLine,
      target: { kind: "user", label: "Ann New", exists: true },
      details: { email: "ann@example.test", promoted: false, from: null },
    });
    expect(promoted).toMatchObject({
      actor: commandLine,
      target: { id: "amy", label: "Amy" },
      details: { email: "amy@example.test", promoted: true, from: "learner" },
    });
  });

  it("an entry outlives its actor and target: the snapshot still names them, without a link", async () => {
    await setRole({ id: "ada" }, "ivan", "admin");
    await setRole({ id: "ivan" }, "lee", "instructor");
    await db.query(`UPDATE "user" SET name = 'Renamed' WHERE id = 'lee'`);
    await db.query(`DELETE FROM "user" WHERE id IN ('ivan', 'lee')`);
    const [byIvan] = await entries();
    expect(byIvan).toMatchObject({
      actor: { id: null, name: "Ivan Instructor", email: "ivan@example.test", commandLine: false },
      target: { id: "lee", label: "Lee <b>Learner</b>", exists: false, email: null },
    });
  });
});

describe("recordAdminAction", () => {
  it("refuses details that do not fit the action, a target the action has none of, an unknown actor", async () => {
    const target = { id: "lee", label: "Lee" };
    await expect(
      recordAdminAction(
        prisma(),
        { id: "ada" },
        {
          action: "role_changed",
          target,
          details: { from: "learner", to: "owner" as "admin" },
        },
      ),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(
      recordAdminAction(
        prisma(),
        { id: "ada" },
        {
          action: "gradebook_exported",
          target,
          details: { format: "csv", learners: 1, columns: 1 },
        },
      ),
    ).rejects.toThrow("An admin log entry for gradebook_exported has no target.");
    await expect(
      recordAdminAction(
        prisma(),
        { id: "nobody" },
        { action: "role_changed", target, details: { from: "learner", to: "admin" } },
      ),
    ).rejects.toThrow(/could not name the account/);
    expect(await entries()).toEqual([]);
  });
});

describe("listAdminActions", () => {
  async function export_(actor: string) {
    await recordAdminAction(
      prisma(),
      { id: actor },
      {
        action: "gradebook_exported",
        details: { format: "csv", learners: 0, columns: 0 },
      },
    );
  }

  it("lists newest first, fifty a page, and clamps a page past the end", async () => {
    for (let i = 0; i < 55; i++) await export_(i % 2 ? "ada" : "ivan");
    const first = await log.listAdminActions({ page: 1 });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 55 });
    expect(first.entries).toHaveLength(50);
    const last = await log.listAdminActions({ page: 7 });
    expect(last.page).toBe(2);
    const ids = [...first.entries, ...last.entries].map((e) => BigInt(e.id));
    expect(ids).toHaveLength(55);
    // Entries written in the same millisecond keep their order of writing, newest first.
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it("filters by action and by any part of the actor's name or email, in any case", async () => {
    await export_("ivan");
    await setRole({ id: "ada" }, "lee", "instructor");
    await createAdmin({ email: "amy@example.test", name: "Amy", password: "a long enough password" });
    const actions = async (q: Parameters<typeof log.listAdminActions>[0]) =>
      (await log.listAdminActions(q)).entries.map((e) => e.action);
    expect(await actions({ page: 1, action: "role_changed" })).toEqual(["role_changed"]);
    expect(await actions({ page: 1, actor: "IVAN@example" })).toEqual(["gradebook_exported"]);
    expect(await actions({ page: 1, actor: "admin" })).toEqual(["role_changed"]);
    expect(await actions({ page: 1, actor: "command line" })).toEqual(["admin_created"]);
    expect(await actions({ page: 1, actor: "ada", action: "gradebook_exported" })).toEqual([]);
    expect(await actions({ page: 1, actor: "100%" })).toEqual([]);
  });

  it("reads a query string leniently: bad values mean no filter or the first page", () => {
    expect(log.adminLogQuerySchema.parse({ action: "delete_all", actor: "  ada ", page: "x" })).toEqual({
      actor: "ada",
      page: 1,
    });
    expect(log.adminLogQuerySchema.parse({ action: "role_changed", page: "2" })).toEqual({
      action: "role_changed",
      page: 2,
    });
  });
});
