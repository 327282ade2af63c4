import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  canManageClass,
  requireManagedClass,
  requireTaughtClass,
  type StaffScope,
  staffScope,
  type TaughtClass,
} from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { RequestError } from "../errors/request-error";
import { classFieldsSchema, joinCodeSchema } from "./class-fields";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "./join-code";

const classRoleSchema = z.enum(["instructor", "ta", "learner"]);
export type ClassRole = z.infer<typeof classRoleSchema>;

const memberRowSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: classRoleSchema,
  /** code | roster | staff | lti */
  source: z.string(),
  joinedAt: z.date(),
});
export type ClassMemberRow = z.infer<typeof memberRowSchema>;

export interface ClassDetail {
  id: string;
  name: string;
  term: string;
  joinCode: string | null;
  archived: boolean;
  createdAt: Date;
  /** What the viewer is to it: they may manage it (instructor, admin) or only see and grade (TA). */
  viewerRole: TaughtClass["role"];
  canManage: boolean;
  staff: ClassMemberRow[];
  learners: ClassMemberRow[];
  invites: { email: string; role: ClassRole; createdAt: Date }[];
}

/** A class a learner is in, as they see it. */
const joinedClassSchema = z.object({ id: z.string(), name: z.string(), term: z.string(), joinedAt: z.date() });
export type JoinedClass = z.infer<typeof joinedClassSchema>;

/** A fresh random join code (the column is unique: a clash, vanishingly rare, fails the insert). */
export function newJoinCode(): string {
  const pick = () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return Array.from({ length: JOIN_CODE_LENGTH }, pick).join("");
}

/** Input that does not fit its schema is a 400 with the schema's first message (`fallback` without one). */
function parseOr400<T extends z.ZodType>(schema: T, input: unknown, fallback: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new RequestError("BAD_REQUEST", parsed.error.issues[0]?.message ?? fallback);
  return parsed.data;
}

/** Creates a class with a fresh join code; its creator is its first instructor. Instructors and admins only. */
export async function createClass(user: CurrentUser, input: unknown): Promise<{ id: string; joinCode: string }> {
  if (!(await staffScope(user)).canCreateClasses)
    throw new RequestError("FORBIDDEN", "Only instructors can create classes.");
  const fields = parseOr400(classFieldsSchema, input, "Invalid class.");
  return inTransaction(async (client) => {
    const joinCode = newJoinCode();
    const id = randomUUID();
    await client.query(`INSERT INTO class (id, name, term, "joinCode", "createdById") VALUES ($1, $2, $3, $4, $5)`, [
      id,
      fields.name,
      fields.term,
      joinCode,
      user.id,
    ]);
    await client.query(
      `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, 'instructor', 'staff')`,
      [id, user.id],
    );
    await recordAdminAction(
      client,
      { id: user.id },
      {
        action: "class_created",
        target: { id, label: fields.name },
        details: { term: fields.term },
      },
    );
    return { id, joinCode };
  });
}

/** Everything staff see of one class they teach. */
export async function classDetail(user: CurrentUser, classId: string): Promise<ClassDetail> {
  const scope = await staffScope(user);
  const taught = requireTaughtClass(scope, classId);
  const [cls, members, invites] = await Promise.all([
    pool().query(
      `SELECT name, term, "joinCode", "archivedAt" IS NOT NULL AS archived, "createdAt" FROM class WHERE id = $1`,
      [classId],
    ),
    pool().query(
      `SELECT m."userId", u.name, u.email, m.role::text AS role, m.source, m."joinedAt"
         FROM class_member m JOIN "user" u ON u.id = m."userId"
        WHERE m."classId" = $1 ORDER BY lower(u.name), u.id`,
      [classId],
    ),
    pool().query(
      `SELECT email, role::text AS role, "createdAt" FROM class_invite WHERE "classId" = $1 ORDER BY email`,
      [classId],
    ),
  ]);
  const row = z
    .object({
      name: z.string(),
      term: z.string(),
      joinCode: z.string().nullable(),
      archived: z.boolean(),
      createdAt: z.date(),
    })
    .parse(cls.rows[0]);
  const all = z.array(memberRowSchema).parse(members.rows);
  return {
    id: classId,
    ...row,
    viewerRole: taught.role,
    canManage: canManageClass(scope, classId),
    staff: all.filter((m) => m.role !== "learner"),
    learners: all.filter((m) => m.role === "learner"),
    invites: z.array(z.object({ email: z.string(), role: classRoleSchema, createdAt: z.date() })).parse(invites.rows),
  };
}

/** A new join code (the old one stops working at once), or none: joining by code closed. */
export async function setJoinCode(user: CurrentUser, classId: string, open: boolean): Promise<string | null> {
  requireManagedClass(await staffScope(user), classId, "change the join code");
  const code = open ? newJoinCode() : null;
  await pool().query(`UPDATE class SET "joinCode" = $2 WHERE id = $1`, [classId, code]);
  return code;
}

/** The class a code opens, for the join page: its name and term, and whether the person is in it already. */
export async function classForCode(
  user: CurrentUser,
  rawCode: unknown,
): Promise<{ id: string; name: string; term: string; member: boolean }> {
  const code = parseOr400(joinCodeSchema, rawCode, "Invalid join code.");
  const { rows } = await pool().query(
    `SELECT c.id, c.name, c.term, m."userId" IS NOT NULL AS member
       FROM class c LEFT JOIN class_member m ON m."classId" = c.id AND m."userId" = $2
      WHERE c."joinCode" = $1 AND c."archivedAt" IS NULL`,
    [code, user.id],
  );
  if (rows.length === 0)
    throw new RequestError("NOT_FOUND", "No open class has this join code. Check it with your instructor.");
  return z.object({ id: z.string(), name: z.string(), term: z.string(), member: z.boolean() }).parse(rows[0]);
}

/** Joins the class a code opens, as a learner; joining twice changes nothing (staff stay staff). */
export async function joinClass(user: CurrentUser, rawCode: unknown): Promise<{ id: string; name: string }> {
  const found = await classForCode(user, rawCode);
  await pool().query(
    `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, 'learner', 'code')
     ON CONFLICT DO NOTHING`,
    [found.id, user.id],
  );
  return { id: found.id, name: found.name };
}

/** The classes a person is in as a learner, newest first. */
export async function joinedClasses(userId: string): Promise<JoinedClass[]> {
  const { rows } = await pool().query(
    `SELECT c.id, c.name, c.term, m."joinedAt" FROM class_member m JOIN class c ON c.id = m."classId"
      WHERE m."userId" = $1 AND m.role = 'learner' ORDER BY m."joinedAt" DESC, c.id`,
    [userId],
  );
  return z.array(joinedClassSchema).parse(rows);
}

export const staffChangeSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("Enter the e-mail address of their account.")),
    role: z.enum(["instructor", "ta"]).nullable(),
  })
  .strict();

/**
 * Makes an account an instructor or teaching assistant of the class, or takes them off its staff (role null). The
 * last instructor cannot be removed or made a TA: a class always has someone who can manage it.
 */
export async function setClassStaff(user: CurrentUser, classId: string, input: unknown): Promise<void> {
  requireManagedClass(await staffScope(user), classId, "change its staff");
  const { email, role } = parseOr400(staffChangeSchema, input, "Invalid change.");
  await inTransaction(async (client) => {
    const { rows } = await client.query<{
      id: string;
      name: string;
      verified: boolean;
      role: ClassRole | null;
      className: string;
    }>(
      `SELECT u.id, u.name, u."emailVerified" AS verified, m.role::text AS role, c.name AS "className"
         FROM "user" u CROSS JOIN class c
         LEFT JOIN class_member m ON m."classId" = c.id AND m."userId" = u.id
        WHERE lower(u.email) = $1 AND c.id = $2 FOR UPDATE OF c`,
      [email, classId],
    );
    const target = rows[0];
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
      const { rows: others } = await client.query(
        `SELECT 1 FROM class_member WHERE "classId" = $1 AND role = 'instructor' AND "userId" <> $2`,
        [classId, target.id],
      );
      if (others.length === 0)
        throw new RequestError("CONFLICT", "A class needs an instructor: make someone else its instructor first.");
    }
    if (role === null) {
      await client.query(`DELETE FROM class_member WHERE "classId" = $1 AND "userId" = $2`, [classId, target.id]);
    } else {
      await client.query(
        `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')
         ON CONFLICT ("classId", "userId") DO UPDATE SET role = EXCLUDED.role`,
        [classId, target.id, role],
      );
    }
    await recordAdminAction(
      client,
      { id: user.id },
      {
        action: "class_staff_changed",
        target: { id: target.id, label: target.name },
        details: { classId, className: target.className, from, to: role },
      },
    );
  });
}

/** Takes a learner out of the class; their work stays theirs, only the class stops showing it. */
export async function removeLearner(user: CurrentUser, classId: string, learnerId: string): Promise<void> {
  requireManagedClass(await staffScope(user), classId, "remove learners");
  const { rowCount } = await pool().query(
    `DELETE FROM class_member WHERE "classId" = $1 AND "userId" = $2 AND role = 'learner'`,
    [classId, learnerId],
  );
  if (!rowCount) throw new RequestError("NOT_FOUND", "That learner is not in this class.");
}

export type TaughtClassSummary = TaughtClass & { learners: number; joinOpen: boolean };

/** The classes a person teaches (every class, for an admin), newest first, with their learner counts. */
export async function taughtClasses(user: CurrentUser): Promise<{ scope: StaffScope; classes: TaughtClassSummary[] }> {
  const scope = await staffScope(user);
  const { rows } = await pool().query(
    `SELECT c.id, (c."joinCode" IS NOT NULL) AS "joinOpen",
            (SELECT count(*) FROM class_member m WHERE m."classId" = c.id AND m.role = 'learner')::int AS learners
       FROM class c WHERE c.id = ANY($1::text[])`,
    [scope.classes.map((c) => c.id)],
  );
  const counts = new Map(
    z
      .array(z.object({ id: z.string(), joinOpen: z.boolean(), learners: z.number() }))
      .parse(rows)
      .map((r) => [r.id, r]),
  );
  return {
    scope,
    classes: scope.classes.map((c) => ({
      ...c,
      learners: counts.get(c.id)?.learners ?? 0,
      joinOpen: counts.get(c.id)?.joinOpen ?? false,
    })),
  };
}
