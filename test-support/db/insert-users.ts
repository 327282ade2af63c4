import type pg from "pg";

interface TestUser {
  id: string;
  /** Defaults to the id. */
  name?: string;
  /** Defaults to `${id}@example.test`. */
  email?: string;
  /** Defaults to "learner", the column's default. */
  role?: "learner" | "instructor" | "admin";
  /**
   * Joined this many days before now, counted in UTC as the app reads timestamps. Without it, "createdAt" is
   * now, as the column's default sets it.
   */
  daysAgo?: number;
  /** Whether the account proved its e-mail address (opened its verification link); defaults to true. */
  verified?: boolean;
}

/** Inserts test accounts into "user", one statement each, in the order given. */
export async function insertUsers(db: Pick<pg.Pool, "query">, users: readonly TestUser[]): Promise<void> {
  for (const { id, name = id, email = `${id}@example.test`, role = "learner", daysAgo, verified = true } of users) {
    await db.query(
      `INSERT INTO "user" (id, name, email, role, "emailVerified", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4::"Role", $6,
               COALESCE((now() AT TIME ZONE 'UTC') - make_interval(days => $5::int), LOCALTIMESTAMP), now())`,
      [id, name, email, role, daysAgo ?? null, verified],
    );
  }
}
