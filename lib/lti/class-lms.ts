import "server-only";
import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";

/** What staff see of a class's LMS course on the class's page: the link, the roster sync and the grade sync. */
export type ClassLms = NonNullable<Awaited<ReturnType<typeof classLms>>>;

/** Null when the class is not an LMS course's; the caller has checked the person teaches it. Failures newest first. */
export async function classLms(classId: string) {
  const q = typedSql(pool());
  const count = sql<number>`count(*)::int`.as("n");
  const row = await q
    .selectFrom("lti_context as c")
    .innerJoin("lti_platform as p", "p.id", "c.platformId")
    .select(["p.name as lmsName", sql<boolean>`c."membershipsUrl" IS NOT NULL`.as("rosterService"), "c.rosterSyncedAt"])
    .select((eb) => {
      const links = eb.selectFrom("lti_link as l").select(count).whereRef("l.classId", "=", "c.classId");
      const syncs = links.innerJoin("lti_score_sync as s", "s.linkId", "l.id");
      return [
        links.where("l.lineItemUrl", "is not", null).$asScalar().as("gradedLinks"),
        syncs.where("s.sentAt", "is not", null).$asScalar().as("scoresSent"),
        syncs.where("s.dueSince", "is not", null).$asScalar().as("scoresWaiting"),
      ];
    })
    .where("c.classId", "=", classId)
    .executeTakeFirst();
  if (!row) return null;
  const failures = await q
    .selectFrom("lti_score_sync as s")
    .innerJoin("lti_link as l", "l.id", "s.linkId")
    .innerJoin("user as u", "u.id", "s.userId")
    .select(["u.name as learner", sql<string>`l.kind || ': ' || l."itemSlug"`.as("item"), "s.attempts"])
    .select((eb) => eb.ref("s.lastError").$notNull().as("error"))
    .where("l.classId", "=", classId)
    .where("s.lastError", "is not", null)
    .orderBy("s.nextAttemptAt", "desc")
    .limit(20)
    .execute();
  return { ...row, failures };
}
