import "server-only";
import { cache } from "react";
import { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";

const classRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  term: z.string(),
  /** What a person is to a class they see from the staff side: an admin sees every class. */
  role: z.enum(["admin", "instructor", "ta"]),
  archived: z.boolean(),
});

export type TaughtClass = z.infer<typeof classRowSchema>;

/**
 * Whose work a person may see and grade: every learner for an admin, else the learners of the classes they teach
 * (as instructor or teaching assistant). The one owner of that rule: every instructor page, statistic, export and
 * staff API reads it here.
 */
export interface StaffScope {
  userId: string;
  admin: boolean;
  /** The platform's instructor role: may create classes, and so reaches the staff pages with none yet. */
  canCreateClasses: boolean;
  /** Newest first. */
  classes: TaughtClass[];
}

/**
 * Read once per request for the same signed-in account (currentUser's object): the instructor layout, the page and
 * its class view each ask, and a staff page would otherwise run the same query three times.
 */
export const staffScope = cache(async (user: Pick<CurrentUser, "id" | "role">): Promise<StaffScope> => {
  const admin = user.role === "admin";
  const { rows } = admin
    ? await pool().query(
        `SELECT id, name, term, 'admin' AS role, "archivedAt" IS NOT NULL AS archived
           FROM class ORDER BY "createdAt" DESC, id`,
      )
    : await pool().query(
        `SELECT c.id, c.name, c.term, m.role::text AS role, c."archivedAt" IS NOT NULL AS archived
           FROM class_member m JOIN class c ON c.id = m."classId"
          WHERE m."userId" = $1 AND m.role IN ('instructor', 'ta')
          ORDER BY c."createdAt" DESC, c.id`,
        [user.id],
      );
  return {
    userId: user.id,
    admin,
    canCreateClasses: admin || user.role === "instructor",
    classes: z.array(classRowSchema).parse(rows),
  };
});

/** May open the staff pages at all. */
export function hasStaffAccess(scope: StaffScope): boolean {
  return scope.canCreateClasses || scope.classes.length > 0;
}

export function taughtClass(scope: StaffScope, classId: string): TaughtClass | undefined {
  return scope.classes.find((c) => c.id === classId);
}

/** A class the person teaches, or NOT_FOUND: a class of someone else's is not confirmed to exist. */
export function requireTaughtClass(scope: StaffScope, classId: string): TaughtClass {
  const found = taughtClass(scope, classId);
  if (!found) throw new RequestError("NOT_FOUND", "No class of yours has this id.");
  return found;
}

/** A class the person manages: NOT_FOUND when they do not teach it, FORBIDDEN for its teaching assistants. */
export function requireManagedClass(scope: StaffScope, classId: string, action: string): TaughtClass {
  const found = requireTaughtClass(scope, classId);
  if (!canManageClass(scope, classId))
    throw new RequestError("FORBIDDEN", `Only the class's instructors can ${action}; teaching assistants cannot.`);
  return found;
}

/** May change the class itself (assignments, deadlines, roster, staff, extensions, overrides): never a TA. */
export function canManageClass(scope: StaffScope, classId: string): boolean {
  const role = taughtClass(scope, classId)?.role;
  return role === "admin" || role === "instructor";
}

/**
 * The learners a staff page shows: those of one class the person teaches, or of all of them (`classId` null). Null
 * means no filter: an admin looking at no class in particular sees every learner, in a class or not. A class the
 * person does not teach shows nobody.
 */
export async function learnersInView(scope: StaffScope, classId: string | null): Promise<string[] | null> {
  if (scope.admin && classId === null) return null;
  const classIds = classId === null ? scope.classes.map((c) => c.id) : taughtClass(scope, classId) ? [classId] : [];
  if (classIds.length === 0) return [];
  const { rows } = await pool().query<{ userId: string }>(
    `SELECT DISTINCT "userId" FROM class_member WHERE "classId" = ANY($1::text[]) AND role = 'learner'`,
    [classIds],
  );
  return rows.map((r) => r.userId);
}

/** Whether the person may see and grade this learner's work: an admin always, else a class they share. */
export async function canSeeLearner(scope: StaffScope, learnerId: string): Promise<boolean> {
  if (scope.admin) return true;
  const { rows } = await pool().query(
    `SELECT 1 FROM class_member l JOIN class_member s ON s."classId" = l."classId"
      WHERE l."userId" = $1 AND l.role = 'learner' AND s."userId" = $2 AND s.role IN ('instructor', 'ta')
      LIMIT 1`,
    [learnerId, scope.userId],
  );
  return rows.length > 0;
}

/** What a staff page shows: the person's scope, the class picked (`?class=`), and the learners that makes. */
export interface ClassView {
  scope: StaffScope;
  /** A class the person teaches, or null for all of them (every learner, for an admin). */
  classId: string | null;
  /** The learner ids the page may show; null: every learner (an admin with no class picked). */
  learners: string[] | null;
}

/**
 * The view a staff page or API answers for: `rawClass` is the `class` query parameter; an id the person does not
 * teach counts as none picked, which still shows only their own classes' learners.
 */
export async function classView(user: Pick<CurrentUser, "id" | "role">, rawClass: unknown): Promise<ClassView> {
  const scope = await staffScope(user);
  const picked = typeof rawClass === "string" && taughtClass(scope, rawClass) ? rawClass : null;
  return { scope, classId: picked, learners: await learnersInView(scope, picked) };
}
