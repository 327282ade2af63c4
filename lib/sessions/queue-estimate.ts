import { sql } from "kysely";
import type pg from "pg";
import { typedSql } from "../db/typed-sql";
import type { SessionKind } from "./session-lifecycle";

/** Opens this recent say how fast the queue moves now. */
const PACE_WINDOW_MS = 120_000;
/** The shortest span a pace is measured over: two opens a second apart are not a rate of one a second. */
const MIN_SPAN_MS = 10_000;

/** About how many seconds the session at `position` (1: next) waits, from the recent pace or else median wait. */
export function estimateWaitSeconds(
  position: number,
  opened: readonly { createdAt: Date; openedAt: Date }[],
  now: Date,
): number | undefined {
  if (opened.length === 0) return undefined;
  const recent = opened.filter((s) => now.getTime() - s.openedAt.getTime() <= PACE_WINDOW_MS);
  if (recent.length >= 2) {
    const first = Math.min(...recent.map((s) => s.openedAt.getTime()));
    const perSecond = recent.length / (Math.max(MIN_SPAN_MS, now.getTime() - first) / 1000);
    return Math.ceil(position / perSecond);
  }
  const waits = opened.map((s) => (s.openedAt.getTime() - s.createdAt.getTime()) / 1000).sort((a, b) => a - b);
  const median = waits[Math.floor(waits.length / 2)]!;
  return Math.ceil(position * Math.max(1, median));
}

/** The sessions of `kind` that opened in the last hour (the latest 50): what estimateWaitSeconds goes on. */
export async function recentlyOpened(db: pg.Pool | pg.PoolClient, kind: SessionKind) {
  return typedSql(db)
    .selectFrom("sandbox_session")
    .select((s) => ["createdAt", s.ref("openedAt").$notNull().as("openedAt")])
    .where("kind", "=", kind)
    .where("openedAt", ">", sql<Date>`now() - interval '1 hour'`)
    .orderBy("openedAt", "desc")
    .limit(50)
    .execute();
}
