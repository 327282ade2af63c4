import { z } from "zod";
import { classScoreTargets, type ScoreTarget, scoreAssignments, scoreKey } from "../classes/assignment-scores";
import type { AssignmentKind } from "../content/item-kinds";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { NOW_MS } from "../scores-due/scores-due";
import { MEDIA_TYPE, SCOPE } from "./claims";
import { accessToken, callLms, forgetToken, LmsCallError } from "./lms-calls";
import { classifyFailure } from "./lms-failures";

/*
 * Grade passback (Assignment and Grade Services 2.0): what a learner's score on an LMS link is, and sending it. Work
 * that may change a score marks the learner's graded links as due (lib/scores-due/, in the same transaction as the
 * work where it has one); the web server sends what is due every few seconds (lib/course-policy/policy-worker.ts),
 * retrying with a growing wait while the LMS fails, and keeps the last error for staff to see (its class, its text
 * and when; the class's send log, score-log.ts). What is sent is always the score as of sending, never a stale one.
 * This file writes how sends went; lib/scores-due/ writes when a score fell due.
 */

const NOW = NOW_MS;

export async function markLinkScoreDue(linkId: string, userId: string): Promise<void> {
  await pool().query(
    `INSERT INTO lti_score_sync ("linkId", "userId", "dueSince", "nextAttemptAt") VALUES ($1, $2, ${NOW}, ${NOW})
     ON CONFLICT ("linkId", "userId") DO UPDATE SET "dueSince" = ${NOW}, "nextAttemptAt" = ${NOW}, attempts = 0`,
    [linkId, userId],
  );
}

/**
 * The learner's score on the link's item, 0–100: the class's assignment of it with its late policy, extension and
 * override when the class assigned it; otherwise the best work, at full credit. Null without work that has a score.
 */
export async function linkScore(classId: string, userId: string, kind: AssignmentKind, itemSlug: string) {
  const assigned = (await classScoreTargets([classId], [userId])).find(
    (t) => t.kind === kind && t.itemSlug === itemSlug,
  );
  const target: ScoreTarget = assigned ?? {
    assignmentId: "unassigned",
    userId,
    kind,
    itemSlug,
    dueAt: new Date(8.64e15),
    latePolicy: [],
    override: null,
  };
  const scores = await scoreAssignments([target]);
  return scores.get(scoreKey(target.assignmentId, userId))?.score ?? null;
}

/** The line item's score service: `/scores` goes on the path, before any query (AGS 2.0, 3.4). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}

const claimedSchema = z.object({ linkId: z.string(), userId: z.string(), dueSince: z.date(), attempts: z.number() });

const BATCH = 20;
const CLAIM_SECONDS = 120;
const MAX_WAIT_SECONDS = 6 * 60 * 60;

/** Sends every score that is due and whose wait is over; answers how many were sent and how many failed. */
export async function sendDueScores(): Promise<{ sent: number; failed: number }> {
  // Claimed for two minutes, so two web servers never send the same score at once.
  const { rows } = await pool().query(
    `UPDATE lti_score_sync s SET "nextAttemptAt" = now() + make_interval(secs => $2)
       FROM (SELECT "linkId", "userId" FROM lti_score_sync
              WHERE "dueSince" IS NOT NULL AND "nextAttemptAt" <= now()
              ORDER BY "nextAttemptAt" LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE s."linkId" = due."linkId" AND s."userId" = due."userId"
      RETURNING s."linkId", s."userId", s."dueSince", s.attempts`,
    [BATCH, CLAIM_SECONDS],
  );
  let sent = 0;
  let failed = 0;
  for (const claimed of z.array(claimedSchema).parse(rows)) {
    try {
      const score = await sendScore(claimed.linkId, claimed.userId);
      await pool().query(
        `UPDATE lti_score_sync SET
           "sentScore" = COALESCE($3, "sentScore"), "sentAt" = CASE WHEN $3::float8 IS NULL THEN "sentAt" ELSE now() END,
           "lastError" = NULL, "lastErrorCode" = NULL, attempts = 0,
           "dueSince" = CASE WHEN "dueSince" <= $4 THEN NULL ELSE "dueSince" END,
           "nextAttemptAt" = CASE WHEN "dueSince" <= $4 THEN "nextAttemptAt" ELSE ${NOW} END
         WHERE "linkId" = $1 AND "userId" = $2`,
        [claimed.linkId, claimed.userId, score, claimed.dueSince],
      );
      if (score !== null) sent++;
    } catch (err) {
      failed++;
      const wait = Math.min(MAX_WAIT_SECONDS, 15 * 2 ** claimed.attempts);
      const failure = classifyFailure(err);
      await pool().query(
        `UPDATE lti_score_sync SET "lastError" = $3, "lastErrorCode" = $5::"LtiSendError", "failedAt" = ${NOW},
           attempts = attempts + 1, "nextAttemptAt" = now() + make_interval(secs => $4)
         WHERE "linkId" = $1 AND "userId" = $2`,
        [claimed.linkId, claimed.userId, failure.text, wait, failure.code],
      );
    }
  }
  return { sent, failed };
}

/**
 * Sends a class's failed scores again at the next round of the sender (within seconds) instead of after their wait:
 * staff fixed the LMS and say so. One learner's score on one link, or every failed one of the class. The failure stays
 * as it was until a send works or fails anew, and the count of tries goes on. Answers how many were requeued.
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

/** Posts the learner's current score to the link's line item; null when there is nothing to send yet. */
async function sendScore(linkId: string, userId: string): Promise<number | null> {
  const link = await prisma().ltiLink.findUnique({ where: { id: linkId }, include: { platform: true } });
  if (!link?.lineItemUrl) return null;
  const account = await prisma().ltiAccount.findFirst({ where: { platformId: link.platformId, userId } });
  if (!account) return null;
  const score = await linkScore(link.classId, userId, link.kind, link.itemSlug);
  if (score === null) return null;
  const body = JSON.stringify({
    userId: account.sub,
    scoreGiven: score,
    scoreMaximum: 100,
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: new Date().toISOString(),
  });
  const post = async () =>
    callLms(link.platform, `sent a score to ${link.lineItemUrl}`, scoresUrl(link.lineItemUrl as string), {
      method: "POST",
      headers: {
        Authorization: `Bearer ${await accessToken(link.platform, SCOPE.score)}`,
        "Content-Type": MEDIA_TYPE.score,
      },
      body,
    });
  try {
    await post();
  } catch (err) {
    // A token the LMS revoked early: ask once for a fresh one.
    if (!(err instanceof LmsCallError && err.answer.step === "service" && err.answer.status === 401)) throw err;
    forgetToken(link.platform, SCOPE.score);
    await post();
  }
  return score;
}
