import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { liveSessions } from "../sessions/own-session";
import { getVisibleSubmission } from "../submissions/get-submission";
import { shellAvailability } from "./shell-availability";

/**
 * Whether a shell can be offered on a submission, for its owner's exercise page or an instructor's submission page,
 * as plain data for the browser. The submission must be visible to the viewer (the same 404 as everywhere else
 * otherwise).
 */
export async function shellView(user: CurrentUser, submissionId: string) {
  const submission = await getVisibleSubmission(user, submissionId);
  const [availability, live] = await Promise.all([
    shellAvailability(pool(), submission),
    liveSessions(pool(), user.id, "shell"),
  ]);
  const shell = live.find((s) => s.submissionId === submissionId);
  return {
    available: availability.available,
    // When the image stops being kept (ISO 8601); null when there is no kept image.
    keptUntil: availability.keptUntil?.toISOString() ?? null,
    // Why not, for the reader as it is.
    unavailable: availability.available ? null : { reason: availability.reason, message: availability.message },
    // The viewer's own live shell on this submission, to reattach to (even after the image's kept time).
    shell: shell ? { id: shell.id, status: shell.status } : null,
  };
}

export type ShellView = Awaited<ReturnType<typeof shellView>>;
