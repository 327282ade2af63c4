import "server-only";
import { type RawBuilder, sql } from "kysely";
import { z } from "zod";
import { requireTaughtClass, staffScope } from "../access/staff-scope";
import type { CurrentUser } from "../auth/current-user";
import { assignableItems } from "../classes/assignments";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { retryFailedScores } from "../scores-due/score-sends";
import { explainFailure } from "./lms-failures";
import { lmsFlavour } from "./lms-flavour";

/*
 * A class's send log: for each learner and graded LMS link, the score sent and when, or the one waiting and its next
 * try, or why the last try failed in words. Its staff (instructors and TAs) read it and send failed scores again.
 */

type SendState = "sent" | "waiting" | "failed" | "nothing";

/** One learner's score on one graded link; `sentScore`/`sentAt` are the last success, whatever happened since. */
export type ScoreLogRow = NonNullable<Awaited<ReturnType<typeof classScoreLog>>>["rows"][number];

const MAX_ROWS = 500;

/** The class's LMS, for its staff (NOT_FOUND for anyone else); null when no LMS course made the class. */
async function lmsOfClass(user: CurrentUser, classId: string) {
  const taught = requireTaughtClass(await staffScope(user), classId);
  const platform = await typedSql(pool())
    .selectFrom("lti_context as c")
    .innerJoin("lti_platform as p", "p.id", "c.platformId")
    .select(["p.name", "p.issuer", "p.tokenUrl"])
    .where("c.classId", "=", classId)
    .executeTakeFirst();
  return platform ? { taught, platform } : null;
}

/** The class's send log; NOT_FOUND for a class the person does not teach; null for one no LMS course made. */
export async function classScoreLog(user: CurrentUser, classId: string) {
  const lms = await lmsOfClass(user, classId);
  if (!lms) return null;
  const { taught, platform } = lms;
  const flavour = lmsFlavour(platform);
  const q = typedSql(pool());
  const syncs = q
    .selectFrom("lti_score_sync as s")
    .innerJoin("lti_link as l", "l.id", "s.linkId")
    .where("l.classId", "=", classId)
    .where("l.lineItemUrl", "is not", null);
  const [ok, settled] = [sql`s."lastError" IS NULL`, sql`s."lastError" IS NULL AND s."dueSince" IS NULL`];
  const count = (when: RawBuilder<unknown>) => sql<number>`count(*) FILTER (WHERE ${when})::int`;
  const [rows, totals, ungraded, items] = await Promise.all([
    syncs
      .innerJoin("user as u", "u.id", "s.userId")
      .select(["s.linkId", "s.userId", "u.name as learner", "l.kind", "l.itemSlug", "s.sentScore", "s.sentAt"])
      .select(["s.nextAttemptAt", "s.attempts", "s.lastError", "s.lastErrorCode", "s.failedAt"])
      .select(sql<boolean>`s."dueSince" IS NOT NULL`.as("due"))
      .orderBy(ok)
      .orderBy(sql`(s."dueSince" IS NULL)`)
      .orderBy("u.name")
      .orderBy("l.itemSlug")
      .orderBy("s.userId")
      .limit(MAX_ROWS + 1)
      .execute(),
    syncs
      .select(count(sql`s."lastError" IS NOT NULL`).as("failed"))
      .select(count(sql`${ok} AND s."dueSince" IS NOT NULL`).as("waiting"))
      .select(count(sql`${settled} AND s."sentAt" IS NOT NULL`).as("sent"))
      .select(count(sql`${settled} AND s."sentAt" IS NULL`).as("nothing"))
      .executeTakeFirstOrThrow(),
    q
      .selectFrom("lti_link")
      .select(["kind", "itemSlug"])
      .where((w) => w.and({ classId, lineItemUrl: null }))
      .orderBy("createdAt")
      .execute(),
    assignableItems(),
  ]);
  const titleOf = (kind: string, slug: string) =>
    items.find((i) => i.kind === kind && i.slug === slug)?.title ?? `${kind} ${slug}`;
  return {
    className: taught.name,
    lmsName: platform.name,
    flavour,
    truncated: rows.length > MAX_ROWS,
    counts: totals satisfies Record<SendState, number>,
    ungradedLinks: [...new Set(ungraded.map((l) => titleOf(l.kind, l.itemSlug)))],
    rows: rows.slice(0, MAX_ROWS).map((r) => {
      const code = r.lastErrorCode ?? "unexpected";
      return {
        linkId: r.linkId,
        userId: r.userId,
        learner: r.learner,
        item: titleOf(r.kind, r.itemSlug),
        state: (r.lastError ? "failed" : r.due ? "waiting" : r.sentAt ? "sent" : "nothing") as SendState,
        sentScore: r.sentScore,
        sentAt: r.sentAt,
        nextAttemptAt: r.due ? r.nextAttemptAt : null,
        attempts: r.attempts,
        failure: r.lastError ? { code, text: r.lastError, at: r.failedAt, ...explainFailure(code, flavour) } : null,
      };
    }),
  };
}

/** Which failed scores to send again: one learner's on one link, or all of the class's. */
export const retryBodySchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ linkId: z.string().min(1).max(100), userId: z.string().min(1).max(100) }).strict(),
]);

/** Sends the class's failed scores again now, for its staff; answers how many were queued (none is no error). */
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
