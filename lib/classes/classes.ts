import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { canManageClass, requireManagedClass, requireTaughtClass, staffScope } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { parseInput } from "../errors/parse-input";
import { RequestError } from "../errors/request-error";
import { classFieldsSchema, joinCodeSchema } from "./class-fields";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "./join-code";

export type { ClassRole } from "../generated/kysely/database";

/** A fresh random join code (the column is unique: a clash, vanishingly rare, fails the insert). */
export function newJoinCode(): string {
  const pick = () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return Array.from({ length: JOIN_CODE_LENGTH }, pick).join("");
}

/** Creates a class with a fresh join code; its creator is its first instructor. Instructors and admins only. */
export async function createClass(user: CurrentUser, input: unknown): Promise<{ id: string; joinCode: string }> {
  if (!(await staffScope(user)).canCreateClasses)
    throw new RequestError("FORBIDDEN", "Only instructors can create classes.");
  const fields = parseInput(classFieldsSchema, input);
  return inTransaction(async (client) => {
    const joinCode = newJoinCode();
    const id = randomUUID();
    const q = typedSql(client);
    await q
      .insertInto("class")
      .values({ id, ...fields, joinCode, createdById: user.id })
      .execute();
    await q
      .insertInto("class_member")
      .values({ classId: id, userId: user.id, role: "instructor", source: "staff" })
      .execute();
    await recordAdminAction(client, user, {
      action: "class_created",
      target: { id, label: fields.name },
      details: { term: fields.term },
    });
    return { id, joinCode };
  });
}

/** Everything staff see of one class they teach: the viewer's role in it, and its members and invitations. */
export async function classDetail(user: CurrentUser, classId: string) {
  const scope = await staffScope(user);
  const taught = requireTaughtClass(scope, classId);
  const q = typedSql(pool());
  const [row, all, invites] = await Promise.all([
    q
      .selectFrom("class")
      .select(["name", "term", "joinCode", sql<boolean>`"archivedAt" IS NOT NULL`.as("archived"), "createdAt"])
      .where("id", "=", classId)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom("class_member as m")
      .innerJoin("user as u", "u.id", "m.userId")
      .select(["m.userId", "u.name", "u.email", "m.role", "m.source", "m.joinedAt"])
      .where("m.classId", "=", classId)
      .orderBy(sql`lower(u.name)`)
      .orderBy("u.id")
      .execute(),
    q
      .selectFrom("class_invite")
      .select(["email", "role", "createdAt"])
      .where("classId", "=", classId)
      .orderBy("email")
      .execute(),
  ]);
  return {
    id: classId,
    ...row,
    viewerRole: taught.role,
    canManage: canManageClass(scope, classId),
    staff: all.filter((m) => m.role !== "learner"),
    learners: all.filter((m) => m.role === "learner"),
    invites,
  };
}

/** A new join code (the old one stops working at once), or none: joining by code closed. */
export async function setJoinCode(user: CurrentUser, classId: string, open: boolean): Promise<string | null> {
  requireManagedClass(await staffScope(user), classId, "change the join code");
  const code = open ? newJoinCode() : null;
  await typedSql(pool()).updateTable("class").set({ joinCode: code }).where("id", "=", classId).execute();
  return code;
}

/** The class a code opens, for the join page: its name and term, and whether the person is in it already. */
export async function classForCode(user: CurrentUser, rawCode: unknown) {
  const code = parseInput(joinCodeSchema, rawCode);
  const found = await typedSql(pool())
    .selectFrom("class as c")
    .leftJoin("class_member as m", (j) => j.onRef("m.classId", "=", "c.id").on("m.userId", "=", user.id))
    .select(["c.id", "c.name", "c.term", sql<boolean>`m."userId" IS NOT NULL`.as("member")])
    .where("c.joinCode", "=", code)
    .where("c.archivedAt", "is", null)
    .executeTakeFirst();
  if (!found) throw new RequestError("NOT_FOUND", "No open class has this join code. Check it with your instructor.");
  return found;
}

/** Joins the class a code opens, as a learner; joining twice changes nothing (staff stay staff). */
export async function joinClass(user: CurrentUser, rawCode: unknown): Promise<{ id: string; name: string }> {
  const found = await classForCode(user, rawCode);
  await typedSql(pool())
    .insertInto("class_member")
    .values({ classId: found.id, userId: user.id, role: "learner", source: "code" })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { id: found.id, name: found.name };
}

/** The classes a person is in as a learner, newest first. */
export function joinedClasses(userId: string) {
  return typedSql(pool())
    .selectFrom("class_member as m")
    .innerJoin("class as c", "c.id", "m.classId")
    .select(["c.id", "c.name", "c.term", "m.joinedAt"])
    .where("m.userId", "=", userId)
    .where("m.role", "=", "learner")
    .orderBy("m.joinedAt", "desc")
    .orderBy("c.id")
    .execute();
}

export const staffChangeSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("Enter the e-mail address of their account.")),
    role: z.enum(["instructor", "ta"]).nullable(),
  })
  .strict();

/** Makes someone an instructor or TA of the class, or takes them off it (role null); never the last instructor. */
export async function setClassStaff(user: CurrentUser, classId: string, input: unknown): Promise<void> {
  requireManagedClass(await staffScope(user), classId, "change its staff");
  const { email, role } = parseInput(staffChangeSchema, input);
  await inTransaction(async (client) => {
    const q = typedSql(client);
    const target = await q
      .selectFrom("user as u")
      .crossJoin("class as c")
      .leftJoin("class_member as m", (j) => j.onRef("m.classId", "=", "c.id").onRef("m.userId", "=", "u.id"))
      .select(["u.id", "u.name", "u.emailVerified as verified", "m.role", "c.name as className"])
      .where((eb) => eb(eb.fn("lower", ["u.email"]), "=", email))
      .where("c.id", "=", classId)
      .forUpdate("c")
      .executeTakeFirst();
    if (!target) throw new RequestError("NOT_FOUND", `No account has the e-mail ${email}; ask them to sign up first.`);
    const from = target.role === "learner" ? null : target.role;
    if (from === role) return;
    // Anyone can sign up with any address: a staff role, which shows the class's learners' work, goes only to an
    // account that proved the address is its own.
    if (role !== null && !target.verified)
      throw new RequestError(
        "CONFLICT",
        `The account with the e-mail ${email} has not confirmed that address yet. Ask them to open the link in the ` +
          "e-mail Dockyard sent when they signed up (their classes page sends it again), then try again.",
      );
    if (from === "instructor" && role !== "instructor") {
      const other = await q
        .selectFrom("class_member")
        .select("userId")
        .where("classId", "=", classId)
        .where("role", "=", "instructor")
        .where("userId", "<>", target.id)
        .executeTakeFirst();
      if (!other)
        throw new RequestError("CONFLICT", "A class needs an instructor: make someone else its instructor first.");
    }
    if (role === null) {
      await q.deleteFrom("class_member").where("classId", "=", classId).where("userId", "=", target.id).execute();
    } else {
      await q
        .insertInto("class_member")
        .values({ classId, userId: target.id, role, source: "staff" })
        .onConflict((oc) => oc.columns(["classId", "userId"]).doUpdateSet({ role: (eb) => eb.ref("excluded.role") }))
        .execute();
    }
    await recordAdminAction(client, user, {
      action: "class_staff_changed",
      target: { id: target.id, label: target.name },
      details: { classId, className: target.className, from, to: role },
    });
  });
}

/** Takes a learner out of the class; their work stays theirs, only the class stops showing it. */
export async function removeLearner(user: CurrentUser, classId: string, learnerId: string): Promise<void> {
  requireManagedClass(await staffScope(user), classId, "remove learners");
  const { numDeletedRows } = await typedSql(pool())
    .deleteFrom("class_member")
    .where("classId", "=", classId)
    .where("userId", "=", learnerId)
    .where("role", "=", "learner")
    .executeTakeFirst();
  if (!numDeletedRows) throw new RequestError("NOT_FOUND", "That learner is not in this class.");
}

/** The classes a person teaches (every class, for an admin), newest first, with their learner counts. */
export async function taughtClasses(user: CurrentUser) {
  const scope = await staffScope(user);
  const learners = sql<number>`(SELECT count(*) FROM class_member m
    WHERE m."classId" = c.id AND m.role = 'learner')::int`;
  const rows = await typedSql(pool())
    .selectFrom("class as c")
    .select(["c.id", sql<boolean>`c."joinCode" IS NOT NULL`.as("joinOpen"), learners.as("learners")])
    .where(sql<boolean>`c.id = ANY(${scope.classes.map((c) => c.id)}::text[])`)
    .execute();
  const counts = new Map(rows.map((r) => [r.id, r]));
  return { scope, classes: scope.classes.map((c) => ({ ...c, learners: 0, joinOpen: false, ...counts.get(c.id) })) };
}
