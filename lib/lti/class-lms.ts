import "server-only";
import { z } from "zod";
import { pool } from "../db/pool";

/** What staff see of a class's LMS course on the class's page: the link, the roster sync and the grade sync. */
export interface ClassLms {
  lmsName: string;
  rosterService: boolean;
  rosterSyncedAt: Date | null;
  gradedLinks: number;
  scoresSent: number;
  scoresWaiting: number;
  /** Sends the LMS refused or did not answer, newest first. */
  failures: { learner: string; item: string; error: string; attempts: number }[];
}

const failureSchema = z.object({ learner: z.string(), item: z.string(), error: z.string(), attempts: z.number() });

/** Null when the class is not an LMS course's. The caller has checked the person teaches the class. */
export async function classLms(classId: string): Promise<ClassLms | null> {
  const db = pool();
  const { rows } = await db.query(
    `SELECT p.name, c."membershipsUrl" IS NOT NULL AS roster, c."rosterSyncedAt",
            (SELECT count(*)::int FROM lti_link l WHERE l."classId" = c."classId" AND l."lineItemUrl" IS NOT NULL)
              AS links,
            (SELECT count(*)::int FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId"
              WHERE l."classId" = c."classId" AND s."sentAt" IS NOT NULL) AS sent,
            (SELECT count(*)::int FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId"
              WHERE l."classId" = c."classId" AND s."dueSince" IS NOT NULL) AS waiting
       FROM lti_context c JOIN lti_platform p ON p.id = c."platformId" WHERE c."classId" = $1`,
    [classId],
  );
  const row = rows[0];
  if (!row) return null;
  const failures = await db.query(
    `SELECT u.name AS learner, l.kind || ': ' || l."itemSlug" AS item, s."lastError" AS error, s.attempts
       FROM lti_score_sync s JOIN lti_link l ON l.id = s."linkId" JOIN "user" u ON u.id = s."userId"
      WHERE l."classId" = $1 AND s."lastError" IS NOT NULL
      ORDER BY s."nextAttemptAt" DESC LIMIT 20`,
    [classId],
  );
  return {
    lmsName: row.name,
    rosterService: row.roster,
    rosterSyncedAt: row.rosterSyncedAt,
    gradedLinks: row.links,
    scoresSent: row.sent,
    scoresWaiting: row.waiting,
    failures: z.array(failureSchema).parse(failures.rows),
  };
}
