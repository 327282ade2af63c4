import "server-only";
import { prisma } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { ClassRole } from "./classes";

/* Classes and members an LMS brings (lib/lti/ decides when); an LMS class has no join code: the LMS enrols. */

/** A new class for an LMS course, in the caller's transaction (which links it to the course); returns its id. */
export async function createLmsClass(tx: Prisma.TransactionClient, name: string, term: string): Promise<string> {
  return (await tx.class.create({ data: { name, term, joinCode: null } })).id;
}

/** Puts the person in the class with the LMS's role; it changes only the roles of members it brought (`lti`). */
export async function enrolFromLms(
  classId: string,
  userId: string,
  role: ClassRole,
): Promise<"added" | "changed" | "same"> {
  const db = prisma();
  const where = { classId_userId: { classId, userId } };
  const member = await db.classMember.findUnique({ where });
  if (!member) {
    await db.classMember.create({ data: { classId, userId, role, source: "lti" } }).catch(async (err) => {
      if (!(await db.classMember.findUnique({ where }))) throw err;
    });
    return "added";
  }
  if (member.source !== "lti" || member.role === role) return "same";
  await db.classMember.update({ where, data: { role } });
  return "changed";
}

/** Removes members the LMS no longer lists, in the caller's transaction (which chose them and logs it). */
export async function removeLmsMembers(tx: Prisma.TransactionClient, classId: string, userIds: string[]) {
  await tx.classMember.deleteMany({ where: { classId, userId: { in: userIds } } });
}
