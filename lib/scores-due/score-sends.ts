import { z } from "zod";
import { pool } from "../db/pool";
import type { LtiSendError } from "../generated/prisma/client";
import { NOW_MS } from "./scores-due";

/*
 * The rest of lti_score_sync's writes, beside markScoresDue: a link marked due at a launch, a due score claimed by one
 * sender, how its send went, and staff's retry. The sending itself (the LMS call, the wait, what a failure means) is
 * lib/lti/score-sync.ts's; the table's rows are written here alone.
 */

const NOW = NOW_MS;

/** A learner's score on one link, due now (a launch on a graded link: their work so far is sent). */
export async function markLinkScoreDue(linkId: string, userId: string): Promise<void> {
  await pool().query(
    `INSERT INTO lti_score_sync ("linkId", "userId", "dueSince", "nextAttemptAt") VALUES ($1, $2, ${NOW}, ${NOW})
     ON CONFLICT ("linkId", "userId") DO UPDATE SET "dueSince" = ${NOW}, "nextAttemptAt" = ${NOW}, attempts = 0`,
    [linkId, userId],
  );
}

const claimedSchema = z.object({ linkId: z.string(), userId: z.string(), dueSince: z.date(), attempts: z.number() });
export type ClaimedScore = z.infer<typeof claimedSchema>;

/** Up to `batch` due scores whose wait is over, claimed for `claimSeconds` so two senders never send one at once. */
export async function claimDueScores(batch: number, claimSeconds: number): Promise<ClaimedScore[]> {
  const { rows } = await pool().query(
    `UPDATE lti_score_sync s SET "nextAttemptAt" = now() + make_interval(secs => $2)
       FROM (SELECT "linkId", "userId" FROM lti_score_sync
              WHERE "dueSince" IS NOT NULL AND "nextAttemptAt" <= now()
              ORDER BY "nextAttemptAt" LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE s."linkId" = due."linkId" AND s."userId" = due."userId"
      RETURNING s."linkId", s."userId", s."dueSince", s.attempts`,
    [batch, claimSeconds],
  );
  return z.array(claimedSchema).parse(rows);
}

/**
 * A send that worked (`score` null: nothing to send yet): the error is cleared, and the score stays due only if it
 * fell due again after the claim.
 */
export async function recordScoreSent(claimed: ClaimedScore, score: number | null): Promise<void> {
  await pool().query(
    `UPDATE lti_score_sync SET
       "sentScore" = COALESCE($3, "sentScore"), "sentAt" = CASE WHEN $3::float8 IS NULL THEN "sentAt" ELSE now() END,
       "lastError" = NULL, "lastErrorCode" = NULL, attempts = 0,
       "dueSince" = CASE WHEN "dueSince" <= $4 THEN NULL ELSE "dueSince" END,
       "nextAttemptAt" = CASE WHEN "dueSince" <= $4 THEN "nextAttemptAt" ELSE ${NOW} END
     WHERE "linkId" = $1 AND "userId" = $2`,
    [claimed.linkId, claimed.userId, score, claimed.dueSince],
  );
}

/** A send that failed: why (its text and class), and the next try after `waitSeconds`. */
export async function recordScoreFailed(
  claimed: ClaimedScore,
  failure: { text: string; code: LtiSendError },
  waitSeconds: number,
): Promise<void> {
  await pool().query(
    `UPDATE lti_score_sync SET "lastError" = $3, "lastErrorCode" = $5::"LtiSendError", "failedAt" = ${NOW},
       attempts = attempts + 1, "nextAttemptAt" = now() + make_interval(secs => $4)
     WHERE "linkId" = $1 AND "userId" = $2`,
    [claimed.linkId, claimed.userId, failure.text, waitSeconds, failure.code],
  );
}

/**
 * Sends a class's failed scores again at the sender's next round (within seconds) instead of after their wait: staff
 * fixed the LMS and say so. One learner's score on one link, or every failed one of the class. The failure stays as it
 * was until a send works or fails anew, and the count of tries goes on. Answers how many were requeued.
 */
export async function retryFailedScores(classId: string, only?: { linkId: string; userId: string }): Promise<number> {
  const { rowCount } = await pool().query(
    `UPDATE lti_score_sync s SET "nextAttemptAt" = ${NOW}, "dueSince" = COALESCE(s."dueSince", ${NOW})
       FROM lti_link l
      WHERE l.id = s."linkId" AND l."classId" = $1 AND s."lastError" IS NOT NULL
        AND ($2::text IS NULL OR (s."linkId" = $2 AND s."userId" = $3))`,
    [classId, only?.linkId ?? null, only?.userId ?? null],
  );
  return rowCount ?? 0;
}
