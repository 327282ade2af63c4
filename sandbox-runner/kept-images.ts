import { sql } from "kysely";
import type pg from "pg";
import { LIVE_SESSION_STATUSES, SHELL_LIMITS, typedSql } from "./core/lib";

/** Slack past a kept image's longest possible use (kept until, then a shell opened at the last moment). */
export const KEPT_IMAGE_MARGIN_SECONDS = 5 * 60;

/**
 * Records that a graded submission's image stays on this engine for shells until SHELL_LIMITS.imageKeepSeconds
 * from now. A retry of the same submission replaces the record.
 */
export async function keepImage(db: pg.Pool, image: { submissionId: string; engineId: string; tag: string }) {
  const keptUntil = sql<Date>`now() + make_interval(secs => ${SHELL_LIMITS.imageKeepSeconds})`;
  await typedSql(db)
    .insertInto("kept_image")
    .values({ ...image, keptUntil })
    .onConflict((c) => c.column("submissionId").doUpdateSet({ engineId: image.engineId, tag: image.tag, keptUntil }))
    .execute();
}

/** The reaper's view of a submission's image that may be kept for shells. */
export type ImageKeep =
  /** Kept: still within its time, or a live shell uses it. */
  | { tag: string; verdict: "keep" }
  /** Its time is over and no live shell uses it (or it is past any shell's life): it goes. */
  | { tag: string; verdict: "release" };

export interface KeptImageRules {
  /** Undefined when no image of the submission is kept on this engine: the ordinary rules apply. */
  imageKeep(submissionId: string): Promise<ImageKeep | undefined>;
  /** The released image is gone: its record goes too (unless a retry has renewed it meanwhile). */
  released(submissionId: string): Promise<void>;
}

/** Kept images are per engine: a record for another engine says nothing about the image of the same name here. */
export function keptImageRules(db: pg.Pool, engineId: string): KeptImageRules {
  return {
    async imageKeep(submissionId) {
      const cap = SHELL_LIMITS.totalSeconds + KEPT_IMAGE_MARGIN_SECONDS;
      const row = await typedSql(db)
        .selectFrom("kept_image as k")
        .select(["k.tag", sql<boolean>`k."keptUntil" > now()`.as("kept")])
        .select(sql<boolean>`k."keptUntil" + make_interval(secs => ${cap}) < now()`.as("pastCap"))
        .select(
          sql<boolean>`EXISTS (SELECT 1 FROM sandbox_session s WHERE s."submissionId" = k."submissionId"
                  AND s."engineId" = k."engineId" AND s.status::text = ANY(${LIVE_SESSION_STATUSES}::text[]))`.as(
            "inUse",
          ),
        )
        .where((w) => w.and({ "k.submissionId": submissionId, "k.engineId": engineId }))
        .executeTakeFirst();
      if (!row) return undefined;
      // Past the cap, a shell that still claims the image is one nobody closed (its runner vanished): it goes.
      const keep = !row.pastCap && (row.kept || row.inUse);
      return { tag: row.tag, verdict: keep ? "keep" : "release" };
    },
    async released(submissionId) {
      const expired = sql<boolean>`"keptUntil" <= now()`;
      await typedSql(db)
        .deleteFrom("kept_image")
        .where((w) => w.and({ submissionId, engineId }))
        .where(expired)
        .execute();
    },
  };
}

/** Whether a shell session still wants its container. A session this database does not know is left alone. */
export function shellSessionLive(db: pg.Pool) {
  return async (sessionId: string): Promise<boolean> => {
    const row = await typedSql(db).selectFrom("sandbox_session").select("status").where("id", "=", sessionId).execute();
    return row[0] ? (LIVE_SESSION_STATUSES as readonly string[]).includes(row[0].status) : true;
  };
}
