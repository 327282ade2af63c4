import "server-only";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { z } from "zod";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { RequestError } from "../errors/request-error";
import { loadExercise } from "../exercises/load-exercise";
import { formatRelativeTime } from "../format/relative-time";
import { closeStrandedSessions } from "../sessions/stranded-sessions";
import { getVisibleSubmission } from "../submissions/get-submission";
import { shellAvailability, unavailableError } from "./shell-availability";
import { LIVE_SHELL_STATUSES, type ShellStatus } from "./shell-lifecycle";
import { SHELL_LIMITS } from "./shell-limits";
import type { openShellSchema } from "./shell-protocol";
import { notifyShellControl, SHELL_SESSIONS } from "./shell-store";

/** What `POST /api/shells` answers. */
export interface OpenedShell {
  id: string;
  status: ShellStatus;
  /** The caller already had this shell (a reload, a second tab): follow it instead of a new one. */
  reattached: boolean;
}

interface LiveShell {
  id: string;
  status: ShellStatus;
  submissionId: string;
  exerciseSlug: string;
  ownerId: string;
  ownerName: string;
  createdAt: Date;
}

/**
 * Opens a shell in a submission's kept image for its owner or an instructor, or hands back the one the caller
 * already has on it. At most SHELL_LIMITS.perUser live shells per account: the checks and the insert run under a
 * per-account lock, so any number of simultaneous opens leave one live shell. The request goes to the runners by
 * NOTIFY once the row is committed; a runner on the image's engine claims it.
 */
export async function openShell(user: CurrentUser, body: z.infer<typeof openShellSchema>): Promise<OpenedShell> {
  const submission = await getVisibleSubmission(user, body.submissionId);
  const outcome = await inTransaction(async (client): Promise<{ opened: OpenedShell; engineId?: string }> => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`shell:${user.id}`]);
    await closeStrandedSessions(client, SHELL_SESSIONS, { userId: user.id });
    const live = await liveShells(client, user.id);

    // Reattaching comes first: a live shell outlives its image's kept time and its engine's check.
    const same = live.find((s) => s.submissionId === submission.id);
    if (same) {
      await client.query(`UPDATE shell_session SET cols = $2, rows = $3 WHERE id = $1`, [
        same.id,
        body.cols,
        body.rows,
      ]);
      return { opened: { id: same.id, status: same.status, reattached: true } };
    }

    const availability = await shellAvailability(client, submission);
    if (!availability.available) throw unavailableError(availability);
    if (live.length >= SHELL_LIMITS.perUser) throw limitReached(live[0]!, user);

    const id = randomUUID();
    await client.query(
      `INSERT INTO shell_session (id, "userId", "submissionId", "engineId", cols, rows)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, user.id, submission.id, availability.engineId, body.cols, body.rows],
    );
    if (submission.userId !== user.id) await logStaffShell(client, user, submission, id);
    return { opened: { id, status: "requested", reattached: false }, engineId: availability.engineId };
  });

  const { opened, engineId } = outcome;
  if (engineId) {
    await notifyShellControl(pool(), { kind: "request", sessionId: opened.id, engineId });
  } else if (opened.status === "open") {
    // The page that reattached may be another size than the one that opened it (a reload, another window).
    await notifyShellControl(pool(), { kind: "resize", sessionId: opened.id, cols: body.cols, rows: body.rows });
  }
  return opened;
}

/** Staff looking into a learner's image goes in the admin log, in the transaction that opens the shell. */
async function logStaffShell(
  client: pg.PoolClient,
  staff: CurrentUser,
  submission: { id: string; userId: string; exerciseSlug: string },
  shellId: string,
): Promise<void> {
  const { rows } = await client.query<{ name: string }>(`SELECT name FROM "user" WHERE id = $1`, [submission.userId]);
  // An exercise taken out of the course still has kept images for a while; its slug then stands for its title.
  const title = await loadExercise(submission.exerciseSlug).then(
    (e) => e.spec.title,
    () => submission.exerciseSlug,
  );
  await recordAdminAction(client, staff, {
    action: "shell_opened",
    target: { id: submission.id, label: rows[0]?.name ?? submission.userId },
    details: { shellId, exerciseSlug: submission.exerciseSlug, exerciseTitle: title },
  });
}

async function liveShells(client: pg.PoolClient, userId: string): Promise<LiveShell[]> {
  const { rows } = await client.query<LiveShell>(
    `SELECT s.id, s.status::text AS status, s."submissionId", sub."exerciseSlug", sub."userId" AS "ownerId",
            u.name AS "ownerName", s."createdAt"
     FROM shell_session s
     JOIN submission sub ON sub.id = s."submissionId"
     JOIN "user" u ON u.id = sub."userId"
     WHERE s."userId" = $1 AND s.status::text = ANY($2::text[])
     ORDER BY s."createdAt"`,
    [userId, LIVE_SHELL_STATUSES],
  );
  return rows;
}

/** 409 naming the shell that is open, with its id so the page can offer to close it. */
function limitReached(open: LiveShell, user: CurrentUser): RequestError {
  const whose = open.ownerId === user.id ? "your" : `${open.ownerName}'s`;
  return new RequestError(
    "CONFLICT",
    `You already have a shell open on ${whose} submission for "${open.exerciseSlug}" (opened ` +
      `${formatRelativeTime(open.createdAt)}), and an account may have ${shellCount(SHELL_LIMITS.perUser)} open ` +
      "at a time. Close that shell (its Close button, or close it from here), then open this one.",
    { reason: "shell-open", sessionId: open.id, submissionId: open.submissionId, exerciseSlug: open.exerciseSlug },
  );
}

function shellCount(n: number): string {
  return n === 1 ? "one shell" : `${n} shells`;
}
