import "server-only";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import type { Preferences } from "../preferences/preferences";
import type { PreferencesPatch } from "../preferences/preferences-schema";

/* The learner's display preferences as their account's row keeps them; lib/preferences/ says what each one means. */
const COLUMNS = { theme: true, terminalScreenReader: true } as const;

/** The learner's preferences as stored on their account. */
export async function readPreferences(userId: string): Promise<Preferences> {
  const row = await prisma().user.findUnique({ where: { id: userId }, select: COLUMNS });
  if (!row) throw accountGone();
  return row;
}

/** Changes the preferences the patch names and answers with all of them as they now stand. */
export async function savePreferences(userId: string, patch: PreferencesPatch): Promise<Preferences> {
  // updateManyAndReturn rather than update: an account deleted since its session was read is no row, not a throw.
  const [row] = await prisma().user.updateManyAndReturn({ where: { id: userId }, data: patch, select: COLUMNS });
  if (!row) throw accountGone();
  return row;
}

/** Deleting an account deletes its sessions: a request that still got here raced the deletion. */
function accountGone(): RequestError {
  return new RequestError("UNAUTHENTICATED", "This account no longer exists. Sign in again.");
}
