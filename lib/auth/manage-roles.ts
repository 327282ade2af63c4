import "server-only";
import { z } from "zod";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import type { CurrentUser, Role } from "./current-user";

export const ROLES = ["learner", "instructor", "admin"] as const satisfies readonly Role[];

export const roleSchema = z.enum(ROLES, { message: `a role is one of ${ROLES.join(", ")}` });

/** The body of `PATCH /api/admin/users/<id>/role`. */
export const setRoleRequestSchema = z.object({ role: roleSchema }).strict();

export const PEOPLE_PAGE_SIZE = 50;

/** The people page's query string; a value that does not parse falls back to "no filter" or the first page. */
export const peopleQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  role: roleSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

export interface PeoplePage {
  people: Person[];
  /** 1-based, clamped to the last page. */
  page: number;
  pageCount: number;
  total: number;
}

const personSelect = { id: true, name: true, email: true, role: true, createdAt: true } as const;

function toPerson(row: { id: string; name: string; email: string; role: Role; createdAt: Date }): Person {
  return { id: row.id, name: row.name, email: row.email, role: row.role, joinedAt: row.createdAt };
}

/** Accounts by name, optionally searched by name or email (any part, any case) and filtered by role. */
export async function listPeople({ q, role, page }: PeopleQuery): Promise<PeoplePage> {
  const where = {
    ...(role ? { role } : {}),
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" as const } },
            { email: { contains: q, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const total = await prisma().user.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const rows = await prisma().user.findMany({
    where,
    orderBy: [{ name: "asc" }, { email: "asc" }, { id: "asc" }],
    skip: (current - 1) * PEOPLE_PAGE_SIZE,
    take: PEOPLE_PAGE_SIZE,
    select: personSelect,
  });
  return { people: rows.map(toPerson), page: current, pageCount, total };
}

const lockedRowSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });

/**
 * Gives an account a role. Only an admin may, and the acting admin's role is read again here, inside the transaction,
 * rather than trusted from the session. Two rules keep the platform administrable: nobody changes their own role (so
 * nobody locks themselves out), and the last admin is never demoted.
 *
 * Every admin row, the actor's and the target's are locked first, in id order, so two admins demoting each other at
 * the same moment run one after the other: the second finds its actor no longer an admin and is refused.
 *
 * better-auth reads the role from the user row on every request (no session cookie cache is configured), so the
 * change applies at the account's next request; no session needs to end.
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
    const updated = await tx.user.update({ where: { id: userId }, data: { role: wanted }, select: personSelect });
    return toPerson(updated);
  });
}
