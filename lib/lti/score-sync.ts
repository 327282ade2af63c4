import { classScoreTargets, type ScoreTarget, scoreAssignments, scoreKey } from "../classes/assignment-scores";
import type { AssignmentKind } from "../content/item-kinds";
import { prisma } from "../db/client";
import { claimDueScores, recordScoreFailed, recordScoreSent } from "../scores-due/score-sends";
import { MEDIA_TYPE, SCOPE } from "./claims";
import { accessToken, callLms, forgetToken, LmsCallError } from "./lms-calls";
import { classifyFailure } from "./lms-failures";

/*
 * Grade passback (Assignment and Grade Services 2.0): what a learner's score on an LMS link is, and sending it. Work
 * that may change a score marks the learner's graded links as due (lib/scores-due/, in the same transaction as the
 * work where it has one); the web server sends what is due every few seconds (lib/course-policy/policy-worker.ts),
 * retrying with a growing wait while the LMS fails, and keeps the last error for staff to see (its class, its text
 * and when; the class's send log, score-log.ts). What is sent is always the score as of sending, never a stale one.
 * The table's rows are written by lib/scores-due/ alone (scores-due.ts, score-sends.ts).
 */

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

const BATCH = 20;
const CLAIM_SECONDS = 120;
const MAX_WAIT_SECONDS = 6 * 60 * 60;

/** Sends every score that is due and whose wait is over; answers how many were sent and how many failed. */
export async function sendDueScores(): Promise<{ sent: number; failed: number }> {
  // Claimed for two minutes, so two web servers never send the same score at once.
  const claims = await claimDueScores(BATCH, CLAIM_SECONDS);
  let sent = 0;
  let failed = 0;
  for (const claimed of claims) {
    try {
      const score = await sendScore(claimed.linkId, claimed.userId);
      await recordScoreSent(claimed, score);
      if (score !== null) sent++;
    } catch (err) {
      failed++;
      const wait = Math.min(MAX_WAIT_SECONDS, 15 * 2 ** claimed.attempts);
      await recordScoreFailed(claimed, classifyFailure(err), wait);
    }
  }
  return { sent, failed };
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
