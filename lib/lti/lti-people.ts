import { randomUUID } from "node:crypto";
import { nameFromClaims, usableEmail } from "../auth/account-fields";
import { boundedName } from "../auth/account-limits";
import { createLmsClass } from "../classes/lms-classes";
import { prisma } from "../db/client";
import { createLinkedAccount } from "../identities/accounts";
import { newAccountAddress } from "../identities/provider-address";
import type { LaunchClaims } from "./claims";
import type { Platform } from "./platforms";

/*
 * People and courses as an LMS names them, made Dockyard accounts and classes. One LMS user id on one registered LMS
 * is one account. An LMS never vouches for the e-mail it sends (any LMS admin could otherwise claim a Dockyard admin's
 * address), so it is held apart, unproven (lib/identities/provider-address.ts), for the holder to confirm by mail.
 */

/** A person as the LMS describes them, in its claims' words (the launch's id_token, a roster's members). */
type LmsPerson = Pick<LaunchClaims, "sub" | "name" | "given_name" | "family_name" | "email">;

/** The account of an LMS user, made on first sight. */
export async function accountFor(platform: Platform, person: LmsPerson): Promise<string> {
  const key = { platformId: platform.id, sub: person.sub };
  const linked = async () => (await prisma().ltiAccount.findUnique({ where: { platformId_sub: key } }))?.userId;
  const known = await linked();
  if (known) return known;
  const names = { name: person.name, givenName: person.given_name, familyName: person.family_name };
  const account = {
    id: randomUUID(),
    name: nameFromClaims(names, "LMS user"),
    address: newAccountAddress(usableEmail(person.email), false, { kind: "lti", of: platform.id, sub: person.sub }),
  };
  try {
    await createLinkedAccount(account, { lms: key });
    return account.id;
  } catch (err) {
    // Two launches of a new person at once: the other made the account.
    const made = await linked();
    if (made) return made;
    throw err;
  }
}

/** The class an LMS course is, made on its first launch; joining it by code stays closed (the LMS enrols). */
export async function classFor(
  platform: Platform,
  course: { id: string; title?: string; label?: string },
  membershipsUrl?: string,
): Promise<string> {
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
        data: { platformId: platform.id, contextId: course.id, classId, membershipsUrl: membershipsUrl ?? null },
      });
      return classId;
    });
  } catch (err) {
    const made = await db.ltiContext.findUnique({ where: key });
    if (made) return made.classId;
    throw err;
  }
}
