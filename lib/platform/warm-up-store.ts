import { sql } from "kysely";
import type pg from "pg";
import { z } from "zod";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { partStandingSchema, WARM_UP_PARTS, type WarmUp, type WarmUpPart, type WarmUpState, warmUpOf } from "./warm-up";

const rowSchema = partStandingSchema.extend({ part: z.enum(WARM_UP_PARTS) });

/**
 * The warm-up as `npm start`'s supervisor last recorded it (table platform_warm_up). Rows of parts this code does not
 * know (a newer version's) are left out rather than failing the health check.
 */
export async function readWarmUp(db: pg.Pool): Promise<WarmUp> {
  // Seconds from the database's own clock on both sides: the writer's and the reader's time zones never matter.
  const seconds = sql<number>`GREATEST(0, floor(extract(epoch FROM (localtimestamp - "startedAt"))))::int`;
  const parts = typedSql(db).selectFrom("platform_warm_up");
  const rows = await parts
    .select(["part", "state", "detail", seconds.as("seconds")])
    .orderBy("part")
    .execute();
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
export async function recordWarmUp(db: pg.Pool, record: WarmUpRecord): Promise<void> {
  const { part, state, detail, hostname } = record;
  const startedAt = sql<Date>`CASE WHEN ${record.begins ?? false} OR platform_warm_up.state <> ${state}
    THEN localtimestamp ELSE platform_warm_up."startedAt" END`;
  const set = { state, detail, hostname, updatedAt: sql<Date>`localtimestamp` };
  const row = { ...set, part, startedAt: set.updatedAt };
  const into = typedSql(db).insertInto("platform_warm_up").values(row);
  await into.onConflict((oc) => oc.column("part").doUpdateSet({ ...set, startedAt })).execute();
}
