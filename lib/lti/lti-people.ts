import { createHash, randomUUID } from "node:crypto";
import { accountEmailSchema, nameFromClaims } from "../auth/account-fields";
import { boundedName } from "../auth/account-limits";
import { createLmsClass } from "../classes/lms-classes";
import { prisma } from "../db/client";
import { createLmsAccount } from "../identities/accounts";
import { newAccountAddress } from "../identities/provider-address";
import type { LaunchClaims } from "./claims";
import type { Platform } from "./platforms";

/*
 * People and courses as an LMS names them, made Dockyard accounts and classes. One LMS user id on one registered LMS
 * is one account, with an address of its own (…@lti.invalid) and the LMS's e-mail held apart as unproven: an LMS's
 * word about an e-mail never hands it an existing account (any LMS admin could otherwise claim a Dockyard admin's
 * address) and never takes the address from its owner.
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

/**
 * The account of an LMS user, made on first sight. An LMS never vouches for the e-mail it sends (its users may be
 * able to set it), so the account's own address is always its own under .invalid and the LMS's address is held apart,
 * unproven (lib/identities/provider-address.ts): it takes no address from the person who owns it, and the account's
 * holder can confirm it by mail from the account page.
 */
export async function accountFor(platform: Platform, person: LmsPerson): Promise<string> {
  const db = prisma();
  const key = { platformId_sub: { platformId: platform.id, sub: person.sub } };
  const known = await db.ltiAccount.findUnique({ where: key });
  if (known) return known.userId;
  const email = accountEmailSchema.safeParse(person.email?.trim().toLowerCase());
  const address = newAccountAddress(email.success ? email.data : undefined, false, ownAddress(platform.id, person.sub));
  const userId = randomUUID();
  try {
    await createLmsAccount({ id: userId, name: personName(person), address }, platform.id, person.sub);
    return userId;
  } catch (err) {
    // Two launches of a new person at once: the other made the account.
    const made = await db.ltiAccount.findUnique({ where: key });
    if (made) return made.userId;
    throw err;
  }
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
      const classId = await createLmsClass(tx, name, term);
      await tx.ltiContext.create({
        data: {
          platformId: platform.id,
          contextId: course.id,
          classId,
          membershipsUrl: membershipsUrl ?? null,
        },
      });
      return classId;
    });
  } catch (err) {
    const made = await db.ltiContext.findUnique({ where: key });
    if (made) return made.classId;
    throw err;
  }
}
