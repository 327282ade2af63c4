import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { RequestError } from "../errors/request-error";

let db: pg.Pool;
let drop: () => Promise<void>;
let roles: typeof import("./manage-roles");

async function roleOf(id: string): Promise<string> {
  const { rows } = await db.query(`SELECT role::text AS role FROM "user" WHERE id = $1`, [id]);
  return rows[0].role;
}

/** The RequestError a call is refused with. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = (await call.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  )) as RequestError;
  return { code: err.code, message: err.message };
}

beforeAll(async () => {
  const database = await createTestDatabase("manage_roles");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  roles = await import("./manage-roles");
  db = new pg.Pool({ connectionString: database.url });
});

beforeEach(async () => {
  await db.query(`DELETE FROM "user"`);
  await insertUsers(db, [
    { id: "ada", name: "Ada Admin", role: "admin", daysAgo: 30 },
    { id: "ivan", name: "Ivan Instructor", role: "instructor", daysAgo: 20 },
    { id: "lee", name: "Lee Learner", daysAgo: 1 },
  ]);
});

afterAll(async () => {
  const { prisma } = await import("../db/client");
  await Promise.all([db?.end(), prisma().$disconnect()]);
  await drop?.();
});

describe("setRole", () => {
  it("lets an admin promote a learner to instructor, and answers with the account", async () => {
    const person = await roles.setRole({ id: "ada" }, "lee", "instructor");
    expect(person).toMatchObject({ id: "lee", name: "Lee Learner", email: "lee@example.test", role: "instructor" });
    expect(Math.round((Date.now() - person.joinedAt.getTime()) / 86_400_000)).toBe(1);
    expect(await roleOf("lee")).toBe("instructor");
  });

  it("refuses an instructor or a learner, whatever they ask for", async () => {
    expect(await refusal(roles.setRole({ id: "ivan" }, "lee", "instructor"))).toEqual({
      code: "FORBIDDEN",
      message: "Only admins can change roles.",
    });
    expect((await refusal(roles.setRole({ id: "lee" }, "lee", "admin"))).code).toBe("FORBIDDEN");
    expect(await roleOf("lee")).toBe("learner");
  });

  it("reads the actor's role from the database, not from a session that may be stale", async () => {
    await roles.setRole({ id: "ada" }, "ivan", "admin");
    await roles.setRole({ id: "ivan" }, "ada", "learner");
    // Ada's session still says admin, but she no longer is.
    expect((await refusal(roles.setRole({ id: "ada" }, "lee", "instructor"))).code).toBe("FORBIDDEN");
  });

  it("refuses a change of one's own role, even with another admin around", async () => {
    await roles.setRole({ id: "ada" }, "ivan", "admin");
    expect(await refusal(roles.setRole({ id: "ada" }, "ada", "instructor"))).toEqual({
      code: "FORBIDDEN",
      message: "You cannot change your own role; ask another admin to do it.",
    });
    expect(await roleOf("ada")).toBe("admin");
    // Keeping one's role is not a change.
    expect((await roles.setRole({ id: "ada" }, "ada", "admin")).role).toBe("admin");
  });

  it("never demotes the last admin", async () => {
    expect(await refusal(roles.setRole({ id: "ada" }, "ada", "learner"))).toEqual({
      code: "CONFLICT",
      message: "Ada Admin is the last admin; make another account an admin before changing this one.",
    });
    expect(await roleOf("ada")).toBe("admin");
  });

  it("keeps one admin when two admins demote each other at the same moment", async () => {
    await roles.setRole({ id: "ada" }, "ivan", "admin");
    // Hold both rows while the two requests start, so they overlap for certain: both have read (or are waiting to
    // read) before either writes. Without the locks in setRole, both would see two admins and both would win.
    const blocker = await db.connect();
    await blocker.query(`BEGIN`);
    await blocker.query(`SELECT id FROM "user" WHERE id IN ('ada', 'ivan') FOR UPDATE`);
    const settled = Promise.allSettled([
      roles.setRole({ id: "ada" }, "ivan", "learner"),
      roles.setRole({ id: "ivan" }, "ada", "learner"),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await blocker.query(`COMMIT`);
    blocker.release();
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    // The second to run found that its actor had just stopped being an admin.
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected")!;
    expect((refused.reason as RequestError).code).toBe("FORBIDDEN");
    const { rows } = await db.query(`SELECT id FROM "user" WHERE role = 'admin'`);
    expect(rows).toHaveLength(1);
  });

  it("answers NOT_FOUND for an unknown account and refuses a role that does not exist", async () => {
    expect(await refusal(roles.setRole({ id: "ada" }, "nobody", "instructor"))).toEqual({
      code: "NOT_FOUND",
      message: "There is no account with that id.",
    });
    await expect(roles.setRole({ id: "ada" }, "lee", "owner" as "admin")).rejects.toBeInstanceOf(ZodError);
    expect(roles.setRoleRequestSchema.safeParse({ role: "owner" }).success).toBe(false);
    expect(await roleOf("lee")).toBe("learner");
  });

  it("works on an admin made by `npm run create-admin`", async () => {
    const { createAdmin } = await import("./create-admin");
    await createAdmin({ email: "lee@example.test", name: "Lee Learner", password: "a long enough password" });
    expect(await roleOf("lee")).toBe("admin");
    expect((await roles.setRole({ id: "lee" }, "ivan", "learner")).role).toBe("learner");
  });
});

describe("listPeople", () => {
  it("lists accounts by name, searched by any part of name or email in any case, filtered by role", async () => {
    const all = await roles.listPeople({ page: 1 });
    expect(all).toMatchObject({ page: 1, pageCount: 1, total: 3 });
    expect(all.people.map((p) => [p.id, p.role])).toEqual([
      ["ada", "admin"],
      ["ivan", "instructor"],
      ["lee", "learner"],
    ]);
    expect((await roles.listPeople({ q: "LEARN", page: 1 })).people.map((p) => p.id)).toEqual(["lee"]);
    expect((await roles.listPeople({ q: "ivan@example", page: 1 })).people.map((p) => p.id)).toEqual(["ivan"]);
    expect((await roles.listPeople({ role: "admin", page: 1 })).people.map((p) => p.id)).toEqual(["ada"]);
    expect((await roles.listPeople({ q: "ada", role: "learner", page: 1 })).total).toBe(0);
  });

  it("pages fifty at a time and clamps a page past the end", async () => {
    await insertUsers(
      db,
      Array.from({ length: 60 }, (_, i) => ({ id: `m${String(i).padStart(2, "0")}`, name: `Member ${i}` })),
    );
    const first = await roles.listPeople({ role: "learner", page: 1 });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 61 });
    expect(first.people).toHaveLength(50);
    const last = await roles.listPeople({ role: "learner", page: 9 });
    expect(last.page).toBe(2);
    expect(last.people).toHaveLength(11);
    expect(new Set([...first.people, ...last.people].map((p) => p.id)).size).toBe(61);
  });

  it("takes % and _ in the search text literally", async () => {
    await insertUsers(db, [{ id: "pct", name: "Percy 100% Sure" }]);
    expect((await roles.listPeople({ q: "100%", page: 1 })).people.map((p) => p.id)).toEqual(["pct"]);
    expect((await roles.listPeople({ q: "1_0", page: 1 })).total).toBe(0);
  });

  it("reads a query string leniently: bad values mean no filter or the first page", () => {
    expect(roles.peopleQuerySchema.parse({ q: "  ann ", role: "owner", page: "x" })).toEqual({ q: "ann", page: 1 });
    expect(roles.peopleQuerySchema.parse({ role: "instructor", page: "3" })).toEqual({ role: "instructor", page: 3 });
  });
});
