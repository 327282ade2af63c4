import "server-only";
import { canSeeLearner, staffScope } from "../access/staff-scope";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import { assertMayAct } from "../learner-access/learner-access";
import { rowIdSchema } from "../list-query/list-query";

/** A submission its viewer may see: the owner, or staff who teach the learner (admins: anyone's). */
export async function getVisibleSubmission(user: CurrentUser, id: string) {
  // An id of no possible shape (a NUL, 10,000 characters) names nothing; PostgreSQL would refuse a NUL as a 500.
  const submission = rowIdSchema.safeParse(id).success ? await prisma().submission.findUnique({ where: { id } }) : null;
  const visible =
    submission !== null &&
    (submission.userId === user.id || (await canSeeLearner(await staffScope(user), submission.userId)));
  if (!submission || !visible) throw new RequestError("NOT_FOUND", "There is no such submission, or it is not yours.");
  if (submission.userId === user.id) {
    // The learner's earlier attempts are closed to them while a timed assessment of the exercise runs.
    const item = { kind: "exercise" as const, itemSlug: submission.exerciseSlug };
    await assertMayAct(user.id, item, "see-attempt", { attemptAt: submission.createdAt });
  }
  return submission;
}

/** The learner's own latest submission (never an instructor's re-grade), which the exercise page follows. */
export async function latestSubmission(userId: string, exerciseSlug: string) {
  return prisma().submission.findFirst({
    where: { userId, exerciseSlug, regradeOfId: null },
    orderBy: { createdAt: "desc" },
  });
}
