import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import type { LtiSendError } from "../generated/prisma/client";
import { NOW_MS } from "./scores-due";

/*
 * The rest of lti_score_sync's writes, beside markScoresDue: a link marked due at a launch, a due score claimed by one
 * sender, how its send went, and staff's retry. The sending itself (the LMS call, the wait, what a failure means) is
 * lib/lti/score-sync.ts's; the table's rows are written here alone.
 */

const NOW = sql.raw<Date>(NOW_MS);

/** A learner's score on one link, due now (a launch on a graded link: their work so far is sent). */
export async function markLinkScoreDue(linkId: string, userId: string): Promise<void> {
  const due = { dueSince: NOW, nextAttemptAt: NOW };
  await typedSql(pool())
    .insertInto("lti_score_sync")
    .values({ linkId, userId, ...due })
    .onConflict((oc) => oc.columns(["linkId", "userId"]).doUpdateSet({ ...due, attempts: 0 }))
    .execute();
}

export type ClaimedScore = Awaited<ReturnType<typeof claimDueScores>>[number];

/** Up to `batch` due scores whose wait is over, claimed for `claimSeconds` so two senders never send one at once. */
export async function claimDueScores(batch: number, claimSeconds: number) {
  const q = typedSql(pool());
  const due = q
    .selectFrom("lti_score_sync")
    .select(["linkId", "userId"])
    .where(sql<boolean>`"dueSince" IS NOT NULL AND "nextAttemptAt" <= now()`)
    .orderBy("nextAttemptAt")
    .limit(batch)
    .forUpdate()
    .skipLocked();
  return q
    .updateTable("lti_score_sync as s")
    .from(due.as("due"))
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${claimSeconds})` })
    .where(sql<boolean>`s."linkId" = due."linkId" AND s."userId" = due."userId"`)
    .returning((eb) => ["s.linkId", "s.userId", eb.ref("s.dueSince").$notNull().as("dueSince"), "s.attempts"])
    .execute();
}

/**
 * A send that worked (`score` null: nothing to send yet): the error is cleared, and the score stays due only if it
 * fell due again after the claim.
 */
export async function recordScoreSent(claimed: ClaimedScore, score: number | null): Promise<void> {
  const sent = score === null ? {} : { sentScore: score, sentAt: sql<Date>`now()` };
  const stillDue = sql`"dueSince" <= ${claimed.dueSince}`;
  await typedSql(pool())
    .updateTable("lti_score_sync")
    .set({ ...sent, lastError: null, lastErrorCode: null, attempts: 0 })
    .set({ dueSince: sql`CASE WHEN ${stillDue} THEN NULL ELSE "dueSince" END` })
    .set({ nextAttemptAt: sql`CASE WHEN ${stillDue} THEN "nextAttemptAt" ELSE ${NOW} END` })
    .where("linkId", "=", claimed.linkId)
    .where("userId", "=", claimed.userId)
    .execute();
}

/** A send that failed: why (its text and class), and the next try after `waitSeconds`. */
export async function recordScoreFailed(
  claimed: ClaimedScore,
  failure: { text: string; code: LtiSendError },
  waitSeconds: number,
): Promise<void> {
  await typedSql(pool())
    .updateTable("lti_score_sync")
    .set({ lastError: failure.text, lastErrorCode: failure.code, failedAt: NOW })
    .set({ attempts: sql`attempts + 1`, nextAttemptAt: sql`now() + make_interval(secs => ${waitSeconds})` })
    .where("linkId", "=", claimed.linkId)
    .where("userId", "=", claimed.userId)
    .execute();
}

/**
 * Sends a class's failed scores again at the sender's next round (within seconds) instead of after their wait: staff
 * fixed the LMS and say so. One learner's score on one link, or every failed one of the class. The failure stays as it
 * was until a send works or fails anew, and the count of tries goes on. Answers how many were requeued.
 */
export async function retryFailedScores(classId: string, only?: { linkId: string; userId: string }): Promise<number> {
  const { numUpdatedRows } = await typedSql(pool())
    .updateTable("lti_score_sync as s")
    .from("lti_link as l")
    .set({ nextAttemptAt: NOW, dueSince: sql`COALESCE(s."dueSince", ${NOW})` })
    .where(sql<boolean>`l.id = s."linkId" AND l."classId" = ${classId} AND s."lastError" IS NOT NULL`)
    .$if(only !== undefined, (w) => w.where("s.linkId", "=", only!.linkId).where("s.userId", "=", only!.userId))
    .executeTakeFirst();
  return Number(numUpdatedRows);
}
