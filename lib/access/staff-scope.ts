import "server-only";
import { sql } from "kysely";
import { cache } from "react";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";

export interface TaughtClass {
  id: string;
  name: string;
  term: string;
  /** What a person is to a class they see from the staff side: an admin sees every class. */
  role: "admin" | "instructor" | "ta";
  archived: boolean;
}

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
  const columns = ["c.id", "c.name", "c.term", sql<boolean>`c."archivedAt" IS NOT NULL`.as("archived")] as const;
  const classes = typedSql(pool()).selectFrom("class as c").orderBy("c.createdAt", "desc").orderBy("c.id");
  const rows = admin
    ? await classes.select([...columns, sql<TaughtClass["role"]>`'admin'`.as("role")]).execute()
    : await classes
        .innerJoin("class_member as m", "m.classId", "c.id")
        .select([...columns, sql<TaughtClass["role"]>`m.role::text`.as("role")])
        .where("m.userId", "=", user.id)
        .where("m.role", "in", ["instructor", "ta"])
        .execute();
  return { userId: user.id, admin, canCreateClasses: admin || user.role === "instructor", classes: rows };
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
  const inView = { classId: sql<string>`ANY(${classIds}::text[])`, role: "learner" as const };
  const learners = typedSql(pool()).selectFrom("class_member").select("userId").distinct();
  return (await learners.where((w) => w.and(inView)).execute()).map((r) => r.userId);
}

/** Whether the person may see and grade this learner's work: an admin always, else a class they share. */
export async function canSeeLearner(scope: StaffScope, learnerId: string): Promise<boolean> {
  if (scope.admin) return true;
  const shared = await typedSql(pool())
    .selectFrom("class_member as l")
    .innerJoin("class_member as s", "s.classId", "l.classId")
    .select("l.classId")
    .where((w) => w.and({ "l.userId": learnerId, "l.role": "learner", "s.userId": scope.userId }))
    .where("s.role", "in", ["instructor", "ta"])
    .limit(1)
    .executeTakeFirst();
  return shared !== undefined;
}

/**
 * The view a staff page or API answers for: the person's scope, the class picked (a class they teach, or null for all
 * of them) and the learner ids the page may show (null: every learner, for an admin with no class picked).
 * `rawClass` is the `class` query parameter; an id the person does not teach counts as none picked, which still shows
 * only their own classes' learners.
 */
export async function classView(user: Pick<CurrentUser, "id" | "role">, rawClass: unknown) {
  const scope = await staffScope(user);
  const picked = typeof rawClass === "string" && taughtClass(scope, rawClass) ? rawClass : null;
  return { scope, classId: picked, learners: await learnersInView(scope, picked) };
}

export type ClassView = Awaited<ReturnType<typeof classView>>;
