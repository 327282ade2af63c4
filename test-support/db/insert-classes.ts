import type pg from "pg";
import type { StaffScope } from "../../lib/access/staff-scope";

interface TestClass {
  id: string;
  instructors?: readonly string[];
  tas?: readonly string[];
  learners?: readonly string[];
}

/**
 * Inserts a class and its members straight into "class" and "class_member" (the users must exist): what the staff
 * scope (lib/access/staff-scope.ts) reads, without the class domain's rules in the way.
 */
export async function insertClass(db: Pick<pg.Pool, "query">, c: TestClass): Promise<void> {
  await db.query(`INSERT INTO class (id, name, term) VALUES ($1, $1, 'Test term')`, [c.id]);
  const members = [
    ...(c.instructors ?? []).map((userId) => [userId, "instructor"]),
    ...(c.tas ?? []).map((userId) => [userId, "ta"]),
    ...(c.learners ?? []).map((userId) => [userId, "learner"]),
  ];
  for (const [userId, role] of members) {
    await db.query(
      `INSERT INTO class_member ("classId", "userId", role, source) VALUES ($1, $2, $3::"ClassRole", 'staff')`,
      [c.id, userId, role],
    );
  }
}

/** An admin's scope: sees every learner, in a class or not (what the lib functions' detail checks take). */
export const ADMIN_SCOPE: StaffScope = { userId: "test-admin", admin: true, canCreateClasses: true, classes: [] };

/** A staff member's scope who teaches no class: sees nobody. */
export const NO_CLASS_SCOPE: StaffScope = {
  userId: "test-nobody",
  admin: false,
  canCreateClasses: true,
  classes: [],
};
