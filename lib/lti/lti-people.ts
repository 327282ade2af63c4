import { createHash, randomUUID } from "node:crypto";
import { accountEmailSchema, nameFromClaims } from "../auth/account-fields";
import { boundedName } from "../auth/account-limits";
import type { ClassRole } from "../classes/classes";
import { prisma } from "../db/client";
import type { LaunchClaims } from "./claims";
import type { Platform } from "./platforms";

/*
 * People and courses as an LMS names them, made Dockyard accounts and classes. One LMS user id on one registered LMS
 * is one account. Its e-mail is the one the LMS sends when no account has it yet; otherwise the account gets an
 * address of its own (…@lti.invalid): an LMS's word about an e-mail never hands it an existing account, since any
 * LMS admin could otherwise claim a Dockyard admin's address.
 */

/** A person as the LMS describes them, in its claims' words (the launch's id_token, a roster's members). */
type LmsPerson = Pick<LaunchClaims, "sub" | "name" | "given_name" | "family_name" | "email">;

function personName(person: LmsPerson): string {
  return nameFromClaims(
    { name: person.name, givenName: person.given_name, familyName: person.family_name },
    "LMS user",
  );
}

function ownAddress(platformId: string, sub: string): string {
  const digest = createHash("sha256").update(`${platformId}\n${sub}`).digest("hex").slice(0, 24);
  return `lti-${digest}@lti.invalid`;
}

/** The account of an LMS user, made on first sight. */
export async function accountFor(platform: Platform, person: LmsPerson): Promise<string> {
  const db = prisma();
  const known = await db.ltiAccount.findUnique({
    where: { platformId_sub: { platformId: platform.id, sub: person.sub } },
  });
  if (known) return known.userId;
  const email = accountEmailSchema.safeParse(person.email?.trim().toLowerCase());
  const free =
    email.success && !(await db.user.findFirst({ where: { email: { equals: email.data, mode: "insensitive" } } }));
  const own = ownAddress(platform.id, person.sub);
  // The LMS's e-mail first when free; if someone takes it between the look and the write, the account's own address.
  for (const address of free && email.success ? [email.data, own] : [own]) {
    const userId = randomUUID();
    try {
      // Not verified by Dockyard: the LMS's word for it is all there is.
      await db.$transaction([
        db.user.create({ data: { id: userId, name: personName(person), email: address, emailVerified: false } }),
        db.ltiAccount.create({ data: { platformId: platform.id, sub: person.sub, userId } }),
      ]);
      return userId;
    } catch (err) {
      // Two launches of a new person at once: the other made the account.
      const made = await db.ltiAccount.findUnique({
        where: { platformId_sub: { platformId: platform.id, sub: person.sub } },
      });
      if (made) return made.userId;
      if (address === own) throw err;
    }
  }
  throw new Error("unreachable: the account's own address is always tried last");
}

export interface LmsCourse {
  id: string;
  title?: string;
  label?: string;
}

/** The class an LMS course is, made on its first launch; joining it by code stays closed (the LMS enrols). */
export async function classFor(platform: Platform, course: LmsCourse, membershipsUrl?: string): Promise<string> {
  const db = prisma();
  const key = { platformId_contextId: { platformId: platform.id, contextId: course.id } };
  const known = await db.ltiContext.findUnique({ where: key });
  if (known) {
    if (membershipsUrl && membershipsUrl !== known.membershipsUrl) {
      await db.ltiContext.update({ where: key, data: { membershipsUrl } });
    }
    return known.classId;
  }
  const name = boundedName(course.title?.trim() || course.label?.trim() || `Course ${course.id}`);
  const term = boundedName(`${platform.name} course`).slice(0, 60);
  try {
    return await db.$transaction(async (tx) => {
      const cls = await tx.class.create({ data: { name, term, joinCode: null } });
      await tx.ltiContext.create({
        data: {
          platformId: platform.id,
          contextId: course.id,
          classId: cls.id,
          membershipsUrl: membershipsUrl ?? null,
        },
      });
      return cls.id;
    });
  } catch (err) {
    const made = await db.ltiContext.findUnique({ where: key });
    if (made) return made.classId;
    throw err;
  }
}

/**
 * Puts the person in the class with the role the LMS gives. Whoever came in another way (a code, a roster, staff
 * added by hand) keeps the role Dockyard gave them; the LMS decides only for the members it brought.
 */
export async function enrol(classId: string, userId: string, role: ClassRole): Promise<"added" | "changed" | "same"> {
  const db = prisma();
  const member = await db.classMember.findUnique({ where: { classId_userId: { classId, userId } } });
  if (!member) {
    await db.classMember.create({ data: { classId, userId, role, source: "lti" } }).catch(async (err) => {
      if (!(await db.classMember.findUnique({ where: { classId_userId: { classId, userId } } }))) throw err;
    });
    return "added";
  }
  if (member.source !== "lti" || member.role === role) return "same";
  await db.classMember.update({ where: { classId_userId: { classId, userId } }, data: { role } });
  return "changed";
}
