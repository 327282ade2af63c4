import "server-only";
import type pg from "pg";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { loadExercise } from "../exercises/load-exercise";
import { formatRelativeTime } from "../format/relative-time";
import { type OpenedSession, openSession } from "../sessions/open-session";
import type { LiveSession } from "../sessions/own-session";
import type { OpenSession } from "../sessions/session-protocol";
import { getVisibleSubmission } from "../submissions/get-submission";
import { shellAvailability, unavailableError } from "./shell-availability";
import { SHELL_LIMITS } from "./shell-limits";

/**
 * Opens a shell in a submission's kept image for its owner or an instructor, or hands back the one the caller
 * already has on it (openSession: at most SHELL_LIMITS.perUser live shells per account). A runner on the image's
 * engine claims it.
 */
export async function openShell(
  user: CurrentUser,
  body: Extract<OpenSession, { kind: "shell" }>,
): Promise<OpenedSession> {
  const submission = await getVisibleSubmission(user, body.submissionId);
  return openSession(user.id, "shell", body, {
    // Reattaching comes first: a live shell outlives its image's kept time and its engine's check.
    same: (live) => live.submissionId === submission.id,
    async admit(client, live) {
      const availability = await shellAvailability(client, submission);
      if (!availability.available) throw unavailableError(availability);
      if (live.length >= SHELL_LIMITS.perUser) throw await limitReached(client, live[0]!, user);
      return { submissionId: submission.id, engineId: availability.engineId };
    },
    opened: async (client, id) => {
      if (submission.userId !== user.id) await logStaffShell(client, user, submission, id);
    },
  });
}

/** Staff looking into a learner's image goes in the admin log, in the transaction that opens the shell. */
async function logStaffShell(
  client: pg.PoolClient,
  staff: CurrentUser,
  submission: { id: string; userId: string; exerciseSlug: string },
  shellId: string,
): Promise<void> {
  const owner = await typedSql(client).selectFrom("user").select("name").where("id", "=", submission.userId).execute();
  // An exercise taken out of the course still has kept images for a while; its slug then stands for its title.
  const title = await loadExercise(submission.exerciseSlug).then(
    (e) => e.spec.title,
    () => submission.exerciseSlug,
  );
  await recordAdminAction(client, staff, {
    action: "shell_opened",
    target: { id: submission.id, label: owner[0]?.name ?? submission.userId },
    details: { shellId, exerciseSlug: submission.exerciseSlug, exerciseTitle: title },
  });
}

/** 409 naming the shell that is open, with its id so the page can offer to close it. */
async function limitReached(client: pg.PoolClient, open: LiveSession, user: CurrentUser): Promise<RequestError> {
  const { exerciseSlug, ownerId, ownerName } = await typedSql(client)
    .selectFrom("submission as sub")
    .innerJoin("user as u", "u.id", "sub.userId")
    .select(["sub.exerciseSlug", "sub.userId as ownerId", "u.name as ownerName"])
    .where("sub.id", "=", open.submissionId!)
    .executeTakeFirstOrThrow();
  const whose = ownerId === user.id ? "your" : `${ownerName}'s`;
  const allowed = SHELL_LIMITS.perUser === 1 ? "one shell" : `${SHELL_LIMITS.perUser} shells`;
  return new RequestError(
    "CONFLICT",
    `You already have a shell open on ${whose} submission for "${exerciseSlug}" (opened ` +
      `${formatRelativeTime(open.createdAt)}), and an account may have ${allowed} open ` +
      "at a time. Close that shell (its Close button, or close it from here), then open this one.",
    { reason: "shell-open", sessionId: open.id, submissionId: open.submissionId, exerciseSlug },
  );
}
