import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { isStaff } from "../auth/roles";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";

/** A submission its viewer may see: the owner, or an instructor/admin. */
export async function getVisibleSubmission(user: CurrentUser, id: string) {
  const submission = await prisma().submission.findUnique({ where: { id } });
  if (!submission || (submission.userId !== user.id && !isStaff(user))) {
    throw new RequestError("NOT_FOUND", "There is no such submission, or it is not yours.");
  }
  return submission;
}

export async function latestSubmission(userId: string, exerciseSlug: string) {
  return prisma().submission.findFirst({ where: { userId, exerciseSlug }, orderBy: { createdAt: "desc" } });
}
