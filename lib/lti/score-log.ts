import "server-only";
import { z } from "zod";
import { requireTaughtClass, staffScope } from "../access/staff-scope";
import type { CurrentUser } from "../auth/current-user";
import { assignableItems } from "../classes/assignments";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { retryFailedScores } from "../scores-due/score-sends";
import { explainFailure, SEND_ERRORS } from "./lms-failures";
import { type LmsFlavour, lmsFlavour } from "./lms-flavour";

/*
 * A class's send log: for each learner and graded LMS link, the score sent and when, or the one waiting and its next
 * try, or why the last try failed in words. Its staff (instructors and TAs) read it and send failed scores again.
 */

export type SendState = "sent" | "waiting" | "failed" | "nothing";

export interface ScoreLogRow {
  linkId: string;
  userId: string;
  learner: string;
  item: string;
  state: SendState;
  /** The last score the LMS took, and when: the last success, whatever happened since. */
  sentScore: number | null;
  sentAt: Date | null;
  /** While a score is due: when the sender tries next. */
  nextAttemptAt: Date | null;
  attempts: number;
  failure: { code: string; text: string; at: Date | null; short: string; why: string; fix: string } | null;
}

export interface ScoreLog {
  className: string;
  lmsName: string;
  flavour: LmsFlavour;
  rows: ScoreLogRow[];
  /** More rows than the page shows: the failed and waiting ones come first. */
  truncated: boolean;
  counts: Record<SendState, number>;
  /** Links whose launches named no grade column: nothing is sent for them. */
  ungradedLinks: string[];
}

const MAX_ROWS = 500;

const rowSchema = z.object({
  linkId: z.string(),
  userId: z.string(),
  learner: z.string(),
  kind: z.enum(["exercise", "lab", "quiz"]),
  itemSlug: z.string(),
  due: z.boolean(),
  sentScore: z.number().nullable(),
  sentAt: z.date().nullable(),
  nextAttemptAt: z.date(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  lastErrorCode: z.enum(SEND_ERRORS).nullable(),
  failedAt: z.date().nullable(),
});

/** The class's LMS, for its staff (NOT_FOUND for anyone else); null when no LMS course made the class. */
async function lmsOfClass(user: CurrentUser, classId: string) {
  const taught = requireTaughtClass(await staffScope(user), classId);
  const { rows } = await pool().query(
    `SELECT p.name, p.issuer, p."tokenUrl" FROM lti_context c JOIN lti_platform p ON p.id = c."platformId"
      WHERE c."classId" = $1`,
    [classId],
  );
  const platform = rows[0] as { name: string; issuer: string; tokenUrl: string } | undefined;
  return platform ? { taught, platform } : null;
}

/** The class's send log; NOT_FOUND for a class the person does not teach; null for one no LMS course made. */
export async function classScoreLog(user: CurrentUser, classId: string): Promise<ScoreLog | null> {
  const lms = await lmsOfClass(user, classId);
  if (!lms) return null;
  const { taught, platform } = lms;
  const flavour = lmsFlavour(platform);
  const db = pool();
  const [{ rows }, { rows: totals }, { rows: ungraded }, items] = await Promise.all([
    db.query(
      `SELECT s."linkId", s."userId", u.name AS learner, l.kind::text AS kind, l."itemSlug",
              s."dueSince" IS NOT NULL AS due, s."sentScore", s."sentAt", s."nextAttemptAt", s.attempts,
              s."lastError", s."lastErrorCode"::text AS "lastErrorCode", s."failedAt"
         FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId" JOIN "user" u ON u.id = s."userId"
        WHERE l."classId" = $1 AND l."lineItemUrl" IS NOT NULL
        ORDER BY (s."lastError" IS NULL), (s."dueSince" IS NULL), u.name, l."itemSlug", s."userId"
        LIMIT $2`,
      [classId, MAX_ROWS + 1],
    ),
    db.query(
      `SELECT count(*) FILTER (WHERE s."lastError" IS NOT NULL)::int AS failed,
              count(*) FILTER (WHERE s."lastError" IS NULL AND s."dueSince" IS NOT NULL)::int AS waiting,
              count(*) FILTER (WHERE s."lastError" IS NULL AND s."dueSince" IS NULL AND s."sentAt" IS NOT NULL)::int
                AS sent,
              count(*) FILTER (WHERE s."lastError" IS NULL AND s."dueSince" IS NULL AND s."sentAt" IS NULL)::int
                AS nothing
         FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId"
        WHERE l."classId" = $1 AND l."lineItemUrl" IS NOT NULL`,
      [classId],
    ),
    db.query(
      `SELECT l.kind::text AS kind, l."itemSlug" FROM lti_link l
        WHERE l."classId" = $1 AND l."lineItemUrl" IS NULL ORDER BY l."createdAt"`,
      [classId],
    ),
    assignableItems(),
  ]);
  const titleOf = (kind: string, slug: string) =>
    items.find((i) => i.kind === kind && i.slug === slug)?.title ?? `${kind} ${slug}`;
  const parsed = z.array(rowSchema).parse(rows);
  return {
    className: taught.name,
    lmsName: platform.name,
    flavour,
    truncated: parsed.length > MAX_ROWS,
    counts: totals[0] as Record<SendState, number>,
    ungradedLinks: [...new Set(ungraded.map((l: { kind: string; itemSlug: string }) => titleOf(l.kind, l.itemSlug)))],
    rows: parsed.slice(0, MAX_ROWS).map((r) => ({
      linkId: r.linkId,
      userId: r.userId,
      learner: r.learner,
      item: titleOf(r.kind, r.itemSlug),
      state: r.lastError ? "failed" : r.due ? "waiting" : r.sentAt ? "sent" : "nothing",
      sentScore: r.sentScore,
      sentAt: r.sentAt,
      nextAttemptAt: r.due ? r.nextAttemptAt : null,
      attempts: r.attempts,
      failure: r.lastError
        ? {
            code: r.lastErrorCode ?? "unexpected",
            text: r.lastError,
            at: r.failedAt,
            ...explainFailure(r.lastErrorCode ?? "unexpected", flavour),
          }
        : null,
    })),
  };
}

/** Which failed scores to send again: one learner's on one link, or all of the class's. */
export const retryBodySchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ linkId: z.string().min(1).max(100), userId: z.string().min(1).max(100) }).strict(),
]);

/**
 * Sends the class's failed scores again now, for its staff; answers how many were queued. Nothing failed is not an
 * error: it was sent, or is already waiting, since the page was read.
 */
export async function retryScores(
  user: CurrentUser,
  classId: string,
  which: z.infer<typeof retryBodySchema>,
): Promise<{ requeued: number }> {
  if (!(await lmsOfClass(user, classId))) {
    throw new RequestError("BAD_REQUEST", "This class is not linked to an LMS course.");
  }
  return { requeued: await retryFailedScores(classId, "all" in which ? undefined : which) };
}
