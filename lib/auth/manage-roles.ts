import "server-only";
import { z } from "zod";
import { recordAdminAction } from "../audit/action-log";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { setAccountRole } from "../identities/accounts";
import { containsPattern, countPages, PAGE_SIZE, pageNumberSchema, searchTextSchema } from "../list-query/list-query";
import type { CurrentUser, Role } from "./current-user";

export const ROLES = ["learner", "instructor", "admin"] as const satisfies readonly Role[];

export const roleSchema = z.enum(ROLES, { message: `a role is one of ${ROLES.join(", ")}` });

/** The body of `PATCH /api/admin/users/<id>/role`. */
export const setRoleRequestSchema = z.object({ role: roleSchema }).strict();

/** The people page's query string; a value that does not parse falls back to "no filter" or the first page. */
export const peopleQuerySchema = z.object({
  q: searchTextSchema.optional().catch(undefined),
  role: roleSchema.optional().catch(undefined),
  page: pageNumberSchema.catch(1),
});

export type Person = ReturnType<typeof toPerson>;

const personSelect = { id: true, name: true, email: true, role: true, createdAt: true } as const;

function toPerson({ createdAt, ...person }: { id: string; name: string; email: string; role: Role; createdAt: Date }) {
  return { ...person, joinedAt: createdAt };
}

/** Accounts by name, optionally searched by name or email (any part, any case) and filtered by role. */
export async function listPeople({ q, role, page }: z.infer<typeof peopleQuerySchema>) {
  const pattern = q ? containsPattern(q) : undefined;
  const people = typedSql(pool())
    .selectFrom("user as u")
    .$if(role !== undefined, (b) => b.where("u.role", "=", role!))
    .$if(pattern !== undefined, (b) =>
      b.where((w) => w.or([w("u.name", "ilike", pattern!), w("u.email", "ilike", pattern!)])),
    );
  const pagination = await countPages(people, page);
  const rows = await people
    .select(["u.id", "u.name", "u.email", "u.role", "u.createdAt"])
    .orderBy("u.name")
    .orderBy("u.email")
    .orderBy("u.id")
    .limit(PAGE_SIZE)
    .offset(pagination.offset)
    .execute();
  return { ...pagination, people: rows.map(toPerson) };
}

const lockedRowSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });

/**
 * Gives an account a role. Only an admin may, read again inside the transaction rather than trusted from the session.
 * Nobody changes their own role and the last admin is never demoted, so the platform stays administrable. Every admin
 * row, the actor's and the target's are locked first, in id order, so two admins demoting each other run one after the
 * other. better-auth reads the role on every request, so no session needs to end; the admin log entry commits with it.
 */
export async function setRole(actor: Pick<CurrentUser, "id">, userId: string, role: Role): Promise<Person> {
  const wanted = roleSchema.parse(role);
  return prisma().$transaction(async (tx) => {
    const locked = z.array(lockedRowSchema).parse(
      await tx.$queryRaw`
        SELECT id, name, role::text AS role FROM "user"
         WHERE role = 'admin' OR id = ${actor.id} OR id = ${userId}
         ORDER BY id
           FOR UPDATE`,
    );
    if (locked.find((u) => u.id === actor.id)?.role !== "admin") {
      throw new RequestError("FORBIDDEN", "Only admins can change roles.");
    }
    const target = locked.find((u) => u.id === userId);
    if (!target) throw new RequestError("NOT_FOUND", "There is no account with that id.");
    if (target.role === wanted) {
      return toPerson(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: personSelect }));
    }
    if (target.role === "admin" && locked.filter((u) => u.role === "admin").length <= 1) {
      throw new RequestError(
        "CONFLICT",
        `${target.name} is the last admin; make another account an admin before changing this one.`,
      );
    }
    if (target.id === actor.id) {
      throw new RequestError("FORBIDDEN", "You cannot change your own role; ask another admin to do it.");
    }
    const updated = await setAccountRole(tx, userId, wanted);
    const details = { from: target.role, to: wanted };
    await recordAdminAction(tx, actor, { action: "role_changed", target: { id: userId, label: target.name }, details });
    return toPerson(updated);
  });
}
