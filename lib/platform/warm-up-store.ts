import type pg from "pg";
import { z } from "zod";
import { pool } from "../db/pool";
import { partStandingSchema, WARM_UP_PARTS, type WarmUp, type WarmUpPart, type WarmUpState, warmUpOf } from "./warm-up";

type Db = Pick<pg.Pool, "query">;

const rowSchema = partStandingSchema.extend({ part: z.enum(WARM_UP_PARTS) });

/**
 * The warm-up as `npm start`'s supervisor last recorded it (table platform_warm_up). Rows of parts this code does not
 * know (a newer version's) are left out rather than failing the health check.
 */
export async function readWarmUp(db: Db): Promise<WarmUp> {
  // Seconds from the database's own clock on both sides: the writer's and the reader's time zones never matter.
  const { rows } = await db.query(
    `SELECT part, state, detail,
            GREATEST(0, floor(extract(epoch FROM (localtimestamp - "startedAt"))))::int AS seconds
       FROM platform_warm_up ORDER BY part`,
  );
  return warmUpOf(rows.flatMap((row) => rowSchema.safeParse(row).data ?? []));
}

export interface WarmUpRecord {
  part: WarmUpPart;
  state: WarmUpState;
  detail: string | null;
  hostname: string;
  /** A new start of the part (a new `npm start`): its clock restarts even if a killed run left it warming. */
  begins?: boolean;
}

/** The warm-up as a page or route of this web app reads it. */
export function currentWarmUp(): Promise<WarmUp> {
  return readWarmUp(pool());
}

/**
 * Records a part's state. Its clock (startedAt, read as `seconds`) restarts when the state changes or the part
 * begins again. Only the supervisor writes (scripts/supervisor/warm-up.ts), so each part has one writer.
 */
export async function recordWarmUp(db: Db, record: WarmUpRecord): Promise<void> {
  await db.query(
    `INSERT INTO platform_warm_up (part, state, detail, hostname, "startedAt", "updatedAt")
     VALUES ($1, $2, $3, $4, localtimestamp, localtimestamp)
     ON CONFLICT (part) DO UPDATE
       SET state = $2, detail = $3, hostname = $4, "updatedAt" = localtimestamp,
           "startedAt" = CASE WHEN $5 OR platform_warm_up.state <> $2 THEN localtimestamp
                              ELSE platform_warm_up."startedAt" END`,
    [record.part, record.state, record.detail, record.hostname, record.begins ?? false],
  );
}
