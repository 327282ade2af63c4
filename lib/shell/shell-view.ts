import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { strandedSessionSql } from "../sessions/stranded-sessions";
import { getVisibleSubmission } from "../submissions/get-submission";
import { type ShellUnavailableReason, shellAvailability } from "./shell-availability";
import { LIVE_SHELL_STATUSES, type ShellStatus } from "./shell-lifecycle";
import { SHELL_SESSIONS } from "./shell-store";

/** What a page needs to offer a shell on a submission. Plain data, so a server page can hand it to the browser. */
export interface ShellView {
  /** A new shell can be opened in this submission's image now. */
  available: boolean;
  /** When the image stops being kept (ISO 8601); null when there is no kept image. */
  keptUntil: string | null;
  /** Why not, when `available` is false: the message is for the reader as it is. */
  unavailable: { reason: ShellUnavailableReason; message: string } | null;
  /** The viewer's own live shell on this submission, to reattach to (even after the image's kept time). */
  shell: { id: string; status: ShellStatus } | null;
}

/**
 * Whether a shell can be offered on a submission, for its owner's exercise page or an instructor's submission page.
 * The submission must be visible to the viewer (the same 404 as everywhere else otherwise).
 */
export async function shellView(user: CurrentUser, submissionId: string): Promise<ShellView> {
  const submission = await getVisibleSubmission(user, submissionId);
  const [availability, live] = await Promise.all([
    shellAvailability(pool(), submission),
    pool().query<{ id: string; status: ShellStatus }>(
      `SELECT s.id, s.status::text AS status FROM shell_session s
       WHERE s."userId" = $1 AND s."submissionId" = $2 AND s.status::text = ANY($3::text[])
         AND NOT ${strandedSessionSql(SHELL_SESSIONS, "s")}
       ORDER BY s."createdAt" DESC LIMIT 1`,
      [user.id, submissionId, LIVE_SHELL_STATUSES],
    ),
  ]);
  return {
    available: availability.available,
    keptUntil: availability.keptUntil?.toISOString() ?? null,
    unavailable: availability.available ? null : { reason: availability.reason, message: availability.message },
    shell: live.rows[0] ?? null,
  };
}
