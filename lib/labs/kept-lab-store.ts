import type pg from "pg";
import { z } from "zod";

type Db = pg.Pool | pg.PoolClient;

/*
 * Kept labs as the database holds them (the kept_lab and lab_settings tables). The lab host writes them (a lab kept
 * at its close, resumed at its start, an expired one removed); the web app reads them for the learner and lets an
 * admin set how long they stay and how much disk a learner's take (./kept-labs.ts). The disk files themselves are
 * the lab host's alone (sandbox-runner/labs/kept-disks.ts).
 */

/** What an admin sets for kept labs. */
export interface KeptLabSettings {
  /** Days a kept lab stays after the lab closed; resuming and closing it again starts the days anew. */
  keptDays: number;
  /** Disk one learner's kept labs may take in all. */
  keptBytesPerUser: number;
}

/** Until an admin saves others: a month, and room for two full lab disks (LAB_LIMITS.diskBytes is 4 GiB). */
export const KEPT_LAB_DEFAULTS: KeptLabSettings = { keptDays: 30, keptBytesPerUser: 8 * 1024 ** 3 };

/** Bounds of what an admin may set: a kept lab lasts a day to a year; a learner may keep up to 100 GiB. */
export const keptLabSettingsSchema = z
  .object({
    keptDays: z.number().int().min(1).max(365),
    keptBytesPerUser: z
      .number()
      .int()
      .min(0)
      .max(100 * 1024 ** 3),
  })
  .strict();

export async function readKeptLabSettings(db: Db): Promise<KeptLabSettings> {
  const { rows } = await db.query<{ keptDays: number; keptBytesPerUser: string }>(
    `SELECT "keptDays", "keptBytesPerUser"::text FROM lab_settings WHERE id = 1`,
  );
  const row = rows[0];
  return row ? { keptDays: row.keptDays, keptBytesPerUser: Number(row.keptBytesPerUser) } : KEPT_LAB_DEFAULTS;
}

export async function writeKeptLabSettings(db: Db, settings: KeptLabSettings): Promise<void> {
  await db.query(
    `INSERT INTO lab_settings (id, "keptDays", "keptBytesPerUser", "updatedAt") VALUES (1, $1, $2, now())
     ON CONFLICT (id) DO UPDATE SET "keptDays" = $1, "keptBytesPerUser" = $2, "updatedAt" = now()`,
    [settings.keptDays, settings.keptBytesPerUser],
  );
}

/** One learner's kept lab. */
export interface KeptLabRow {
  id: string;
  userId: string;
  labSlug: string;
  /** The lab account whose ids own its files. */
  account: string;
  bytes: number;
  keptAt: Date;
  expiresAt: Date;
  /** The session that resumed it and holds its disk now; null while the disk is kept. */
  sessionId: string | null;
  /** A live session holds it (FREE says when it does not): it cannot be resumed, forgotten or evicted. */
  held: boolean;
}

/**
 * SQL: the kept lab `k` is free to resume, forget or expire: no session holds it, or the one that did is closed
 * without giving it back (its runner died and never came back to keep it again).
 */
const FREE = `(k."sessionId" IS NULL OR NOT EXISTS (SELECT 1 FROM sandbox_session h
                                              WHERE h.id = k."sessionId" AND h.status <> 'closed'))`;

/** Of `kept_lab k`. */
const COLUMNS = `k.id, k."userId", k."labSlug", k.account, k.bytes::text AS bytes, k."keptAt", k."expiresAt",
  k."sessionId", NOT ${FREE} AS held`;

function toRow(r: Omit<KeptLabRow, "bytes"> & { bytes: string }): KeptLabRow {
  return { ...r, bytes: Number(r.bytes) };
}

export async function keptLabsOfUser(db: Db, userId: string): Promise<KeptLabRow[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM kept_lab k WHERE "userId" = $1 ORDER BY "keptAt" DESC`, [
    userId,
  ]);
  return rows.map(toRow);
}

/**
 * The kept lab a queued lab session starts from, taken for it (its `sessionId` set), or undefined when its learner
 * has none of this lab, or asked to start over (the kept one is forgotten: its file goes at the host's next sweep).
 * Taken in one statement, so two sessions never resume one disk.
 */
export async function takeKeptLab(db: Db, sessionId: string): Promise<KeptLabRow | undefined> {
  const { rows: session } = await db.query<{ fresh: boolean }>(
    `SELECT fresh FROM sandbox_session WHERE id = $1 AND kind = 'lab'`,
    [sessionId],
  );
  if (!session[0]) return undefined;
  const owned = `k."userId" = s."userId" AND k."labSlug" = s."labSlug" AND s.id = $1`;
  if (session[0].fresh) {
    await db.query(`DELETE FROM kept_lab k USING sandbox_session s WHERE ${owned} AND ${FREE}`, [sessionId]);
    return undefined;
  }
  const { rows } = await db.query(
    `UPDATE kept_lab k SET "sessionId" = $1 FROM sandbox_session s
      WHERE ${owned} AND ${FREE}
      RETURNING ${COLUMNS}`,
    [sessionId],
  );
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** A kept lab whose disk no host has any more (its host died for good, or it was removed by hand): forgotten. */
export async function dropKeptLab(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM kept_lab WHERE id = $1`, [id]);
}

/** A resume that failed before its lab opened: the kept lab is the learner's to resume again, as it was. */
export async function giveBackKeptLab(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE kept_lab SET "sessionId" = NULL WHERE id = $1`, [id]);
}

/** What keeping a closed lab came to. */
export type KeepOutcome =
  | {
      kept: true;
      id: string;
      expiresAt: Date;
      /** The learner's older kept labs removed to make room under their quota, oldest first. */
      evicted: KeptLabRow[];
    }
  | { kept: false; bytes: number; quotaBytes: number };

/**
 * Records the disk of the session's lab as its learner's kept lab of that lab (replacing the one it resumed, if
 * any): kept for the admin's days from now. Under the learner's quota, their other kept labs are removed oldest
 * first to make room (the work just closed is the work they want); a disk larger than the whole quota is not kept.
 * The caller moves the file to the answer's id (and removes the evicted ones' files).
 */
export async function recordKeptLab(
  db: pg.Pool,
  sessionId: string,
  disk: { account: string; bytes: number },
): Promise<KeepOutcome> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const { rows: owner } = await client.query<{ userId: string; labSlug: string }>(
      `SELECT "userId", "labSlug" FROM sandbox_session WHERE id = $1 AND kind = 'lab'`,
      [sessionId],
    );
    const session = owner[0];
    if (!session) throw new Error(`no lab session ${sessionId}`);
    // One learner's keeps in turn: two labs closing at once must not both count the same free room.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`kept-lab:${session.userId}`]);
    const settings = await readKeptLabSettings(client);
    if (disk.bytes > settings.keptBytesPerUser) {
      await client.query(`DELETE FROM kept_lab WHERE "userId" = $1 AND "labSlug" = $2`, [
        session.userId,
        session.labSlug,
      ]);
      await client.query("COMMIT");
      return { kept: false, bytes: disk.bytes, quotaBytes: settings.keptBytesPerUser };
    }
    const others = (await keptLabsOfUser(client, session.userId)).filter((k) => k.labSlug !== session.labSlug);
    let used = others.reduce((sum, k) => sum + k.bytes, 0);
    const evicted: KeptLabRow[] = [];
    // Oldest first, and never one a live session holds (its disk is not in the kept folder to remove).
    for (const other of [...others].reverse()) {
      if (used + disk.bytes <= settings.keptBytesPerUser) break;
      if (other.held) continue;
      evicted.push(other);
      used -= other.bytes;
    }
    if (evicted.length > 0) await client.query(`DELETE FROM kept_lab WHERE id = ANY($1)`, [evicted.map((k) => k.id)]);
    const { rows } = await client.query<{ id: string; expiresAt: Date }>(
      `INSERT INTO kept_lab (id, "userId", "labSlug", account, bytes, "keptAt", "expiresAt", "sessionId")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, now(), now() + make_interval(days => $5), NULL)
       ON CONFLICT ("userId", "labSlug") DO UPDATE SET account = $3, bytes = $4, "keptAt" = now(),
         "expiresAt" = now() + make_interval(days => $5), "sessionId" = NULL
       RETURNING id, "expiresAt"`,
      [session.userId, session.labSlug, disk.account, disk.bytes, settings.keptDays],
    );
    await client.query("COMMIT");
    return { kept: true, id: rows[0]!.id, expiresAt: rows[0]!.expiresAt, evicted };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Removes the kept labs past their expiry that no session holds; answers their ids (their files are to go). */
export async function removeExpiredKeptLabs(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `DELETE FROM kept_lab k WHERE k."expiresAt" < now() AND ${FREE} RETURNING id`,
  );
  return rows.map((r) => r.id);
}

/** Which of `ids` are kept labs still (a file whose id is not is a leftover to remove). */
export async function keptLabIdsAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM kept_lab WHERE id = ANY($1)`, [[...ids]]);
  return new Set(rows.map((r) => r.id));
}

/** A learner forgets one of their kept labs; not while a session has it open (its disk is in use). */
export async function forgetKeptLab(db: Db, userId: string, labSlug: string): Promise<"forgotten" | "none" | "open"> {
  const { rows } = await db.query<{ free: boolean }>(
    `WITH f AS (SELECT id, ${FREE} AS free FROM kept_lab k WHERE "userId" = $1 AND "labSlug" = $2 FOR UPDATE),
          d AS (DELETE FROM kept_lab WHERE id IN (SELECT id FROM f WHERE free) RETURNING id)
     SELECT free FROM f`,
    [userId, labSlug],
  );
  if (!rows[0]) return "none";
  return rows[0].free ? "forgotten" : "open";
}

/**
 * The account whose ids own the kept lab a queued session would resume, or undefined when it resumes none: its host
 * starts it as that account where it can (nothing to shift), and never on a warm engine (whose disk is a new one).
 */
export async function keptLabAccountFor(db: Db, sessionId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ account: string }>(
    `SELECT k.account FROM kept_lab k JOIN sandbox_session s ON k."userId" = s."userId" AND k."labSlug" = s."labSlug"
      WHERE s.id = $1 AND s.kind = 'lab' AND NOT s.fresh AND ${FREE}`,
    [sessionId],
  );
  return rows[0]?.account;
}
