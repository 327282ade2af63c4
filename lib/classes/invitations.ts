import { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { RequestError } from "../errors/request-error";

// No "server-only" marker: the pg tests call this outside Next.js, as they do the roster.

/**
 * A class's invitation to one e-mail address (a roster line): the person behind the address decides. Nobody joins a
 * class because of an address alone. The invitation is shown, and can be accepted, only to an account whose address
 * is proven (its verification link was opened): a stranger who signed up with an invited address, or an LMS that
 * claims it, gets nothing. Accepting shows the class's staff the person's work on this platform (docs/classes.md).
 */
const invitationSchema = z.object({
  classId: z.string(),
  className: z.string(),
  term: z.string(),
  role: z.enum(["learner", "ta"]),
  invitedBy: z.string().nullable(),
  invitedAt: z.coerce.date().transform((d) => d.toISOString()),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** Whether the account proved its e-mail address, and the invitations waiting for it (none until it has). */
export async function invitationsFor(
  user: Pick<CurrentUser, "id">,
): Promise<{ proven: boolean; invitations: Invitation[] }> {
  const { rows } = await pool().query<{ proven: boolean }>(
    `SELECT "emailVerified" AS proven FROM "user" WHERE id = $1`,
    [user.id],
  );
  const proven = rows[0]?.proven === true;
  return { proven, invitations: proven ? await pendingInvitations(user) : [] };
}

/** The invitations waiting for this account, or none while its address is not proven. */
export async function pendingInvitations(user: Pick<CurrentUser, "id">): Promise<Invitation[]> {
  const { rows } = await pool().query(
    `SELECT i."classId", c.name AS "className", c.term, i.role::text AS role, inviter.name AS "invitedBy",
            i."createdAt" AS "invitedAt"
       FROM "user" u
       JOIN class_invite i ON i.email = lower(u.email)
       JOIN class c ON c.id = i."classId" AND c."archivedAt" IS NULL
       LEFT JOIN "user" inviter ON inviter.id = i."invitedById"
      WHERE u.id = $1 AND u."emailVerified"
        AND NOT EXISTS (SELECT 1 FROM class_member m WHERE m."classId" = i."classId" AND m."userId" = u.id)
      ORDER BY i."createdAt", c.name`,
    [user.id],
  );
  return z.array(invitationSchema).parse(rows);
}

/**
 * Accepts (joins the class in the invited role) or declines (the invitation goes) an invitation to this account's
 * proven address. NOT_FOUND for an invitation that is not there for it: another address's, or an unproven one's.
 */
export async function answerInvitation(
  user: Pick<CurrentUser, "id">,
  classId: string,
  accept: boolean,
): Promise<{ classId: string; joined: boolean }> {
  return inTransaction(async (client) => {
    const { rows } = await client.query<{ role: string }>(
      `DELETE FROM class_invite i USING "user" u, class c
        WHERE u.id = $1 AND u."emailVerified" AND i.email = lower(u.email) AND i."classId" = $2
          AND c.id = i."classId" AND c."archivedAt" IS NULL
        RETURNING i.role::text AS role`,
      [user.id, classId],
    );
    const invited = rows[0];
    if (!invited) throw new RequestError("NOT_FOUND", "There is no invitation to this class for your account.");
    if (accept) {
      await client.query(
        `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'roster')
         ON CONFLICT DO NOTHING`,
        [classId, user.id, invited.role],
      );
    }
    return { classId, joined: accept };
  });
}
