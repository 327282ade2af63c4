import { pool } from "../db/pool";

// No "server-only" marker: lib/auth/auth.ts calls this, and `npm run create-admin` loads that outside Next.js.

/**
 * Puts a new account into the classes whose rosters named its e-mail, in the role the roster gave, and clears the
 * invitations. Called when the account is created (lib/auth/auth.ts), and safe to call again.
 */
export async function acceptInvites(userId: string, email: string): Promise<void> {
  await pool().query(
    `WITH taken AS (DELETE FROM class_invite WHERE email = lower($2) RETURNING "classId", role)
     INSERT INTO class_member ("classId", "userId", role, source)
     SELECT "classId", $1, role, 'roster' FROM taken ON CONFLICT DO NOTHING`,
    [userId, email],
  );
}
