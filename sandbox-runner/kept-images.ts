import type pg from "pg";
import { LIVE_SESSION_STATUSES, SHELL_LIMITS } from "./core/lib";

/** Slack past a kept image's longest possible use (kept until, then a shell opened at the last moment). */
export const KEPT_IMAGE_MARGIN_SECONDS = 5 * 60;

/**
 * Records that a graded submission's image stays on this engine for shells until SHELL_LIMITS.imageKeepSeconds
 * from now. A retry of the same submission replaces the record.
 */
export async function keepImage(
  db: Pick<pg.Pool, "query">,
  image: { submissionId: string; engineId: string; tag: string },
): Promise<void> {
  await db.query(
    `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))
     ON CONFLICT ("submissionId") DO UPDATE
       SET "engineId" = EXCLUDED."engineId", tag = EXCLUDED.tag, "keptUntil" = EXCLUDED."keptUntil"`,
    [image.submissionId, image.engineId, image.tag, SHELL_LIMITS.imageKeepSeconds],
  );
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
export function keptImageRules(db: Pick<pg.Pool, "query">, engineId: string): KeptImageRules {
  return {
    async imageKeep(submissionId) {
      const { rows } = await db.query<{ tag: string; kept: boolean; pastCap: boolean; inUse: boolean }>(
        `SELECT k.tag, k."keptUntil" > now() AS kept,
                k."keptUntil" + make_interval(secs => $3) < now() AS "pastCap",
                EXISTS (SELECT 1 FROM sandbox_session s
                        WHERE s."submissionId" = k."submissionId" AND s."engineId" = k."engineId"
                          AND s.status::text = ANY($4::text[])) AS "inUse"
         FROM kept_image k WHERE k."submissionId" = $1 AND k."engineId" = $2`,
        [submissionId, engineId, SHELL_LIMITS.totalSeconds + KEPT_IMAGE_MARGIN_SECONDS, LIVE_SESSION_STATUSES],
      );
      const row = rows[0];
      if (!row) return undefined;
      // Past the cap, a shell that still claims the image is one nobody closed (its runner vanished): it goes.
      const keep = !row.pastCap && (row.kept || row.inUse);
      return { tag: row.tag, verdict: keep ? "keep" : "release" };
    },
    async released(submissionId) {
      await db.query(`DELETE FROM kept_image WHERE "submissionId" = $1 AND "engineId" = $2 AND "keptUntil" <= now()`, [
        submissionId,
        engineId,
      ]);
    },
  };
}

/** Whether a shell session still wants its container. A session this database does not know is left alone. */
export function shellSessionLive(db: Pick<pg.Pool, "query">) {
  return async (sessionId: string): Promise<boolean> => {
    const { rows } = await db.query<{ status: string }>(`SELECT status::text FROM sandbox_session WHERE id = $1`, [
      sessionId,
    ]);
    return rows[0] ? (LIVE_SESSION_STATUSES as readonly string[]).includes(rows[0].status) : true;
  };
}
