import { sql } from "kysely";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";

// No "server-only" marker: the pg tests call this outside Next.js, as they do the roster.

/**
 * A class's invitation to one e-mail address (a roster line), which the person decides. It is shown, and can be
 * accepted, only to an account whose address is proven: a stranger who signed up with it gets nothing.
 */
export type Invitation = Awaited<ReturnType<typeof pendingInvitations>>[number];

/** Whether the account proved its e-mail address, and the invitations waiting for it (none until it has). */
export async function invitationsFor(user: Pick<CurrentUser, "id">) {
  const users = typedSql(pool()).selectFrom("user").select("emailVerified");
  const proven = (await users.where("id", "=", user.id).executeTakeFirst())?.emailVerified === true;
  return { proven, invitations: proven ? await pendingInvitations(user) : [] };
}

/** The invitations waiting for this account, or none while its address is not proven. */
export async function pendingInvitations(user: Pick<CurrentUser, "id">) {
  const member = sql<boolean>`EXISTS (SELECT 1 FROM class_member m
                                WHERE m."classId" = i."classId" AND m."userId" = u.id)`;
  const rows = await typedSql(pool())
    .selectFrom("user as u")
    .innerJoin("class_invite as i", (j) => j.on(sql<boolean>`i.email = lower(u.email)`))
    .innerJoin("class as c", (j) => j.onRef("c.id", "=", "i.classId").on("c.archivedAt", "is", null))
    .leftJoin("user as inviter", "inviter.id", "i.invitedById")
    .select(["i.classId", "c.name as className", "c.term", sql<"learner" | "ta">`i.role`.as("role")])
    .select(["inviter.name as invitedBy", "i.createdAt as invitedAt"])
    .where(sql<boolean>`u.id = ${user.id} AND u."emailVerified" AND NOT ${member}`)
    .orderBy("i.createdAt")
    .orderBy("c.name")
    .execute();
  return rows.map(({ invitedAt, ...row }) => ({ ...row, invitedAt: invitedAt.toISOString() }));
}

/** Accepts (joins in the invited role) or declines an invitation to this account's proven address. */
export async function answerInvitation(user: Pick<CurrentUser, "id">, classId: string, accept: boolean) {
  return inTransaction(async (client) => {
    const q = typedSql(client);
    const mine = sql<boolean>`u.id = ${user.id} AND u."emailVerified" AND i.email = lower(u.email)
      AND i."classId" = ${classId} AND c.id = i."classId" AND c."archivedAt" IS NULL`;
    const invited = await q
      .deleteFrom("class_invite as i")
      .using(["user as u", "class as c"])
      .where(mine)
      .returning("i.role")
      .executeTakeFirst();
    if (!invited) throw new RequestError("NOT_FOUND", "There is no invitation to this class for your account.");
    if (accept) {
      await sql`INSERT INTO class_member ("classId", "userId", role, source)
        VALUES (${classId}, ${user.id}, ${invited.role}::"ClassRole", 'roster') ON CONFLICT DO NOTHING`.execute(q);
    }
    return { classId, joined: accept };
  });
}
