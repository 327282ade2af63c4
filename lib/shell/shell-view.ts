import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { liveSessions } from "../sessions/own-session";
import type { SessionStatus } from "../sessions/session-lifecycle";
import { getVisibleSubmission } from "../submissions/get-submission";
import { type ShellUnavailableReason, shellAvailability } from "./shell-availability";

/** What a page needs to offer a shell on a submission. Plain data, so a server page can hand it to the browser. */
export interface ShellView {
  /** A new shell can be opened in this submission's image now. */
  available: boolean;
  /** When the image stops being kept (ISO 8601); null when there is no kept image. */
  keptUntil: string | null;
  /** Why not, when `available` is false: the message is for the reader as it is. */
  unavailable: { reason: ShellUnavailableReason; message: string } | null;
  /** The viewer's own live shell on this submission, to reattach to (even after the image's kept time). */
  shell: { id: string; status: SessionStatus } | null;
}

/**
 * Whether a shell can be offered on a submission, for its owner's exercise page or an instructor's submission page.
 * The submission must be visible to the viewer (the same 404 as everywhere else otherwise).
 */
export async function shellView(user: CurrentUser, submissionId: string): Promise<ShellView> {
  const submission = await getVisibleSubmission(user, submissionId);
  const [availability, live] = await Promise.all([
    shellAvailability(pool(), submission),
    liveSessions(pool(), user.id, "shell"),
  ]);
  const shell = live.find((s) => s.submissionId === submissionId);
  return {
    available: availability.available,
    keptUntil: availability.keptUntil?.toISOString() ?? null,
    unavailable: availability.available ? null : { reason: availability.reason, message: availability.message },
    shell: shell ? { id: shell.id, status: shell.status } : null,
  };
}
