import { sql } from "kysely";
import type pg from "pg";
import { z } from "zod";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";

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
  const settings = typedSql(db).selectFrom("lab_settings").select(["keptDays", "keptBytesPerUser"]);
  const row = await settings.where("id", "=", 1).executeTakeFirst();
  return row ? { keptDays: row.keptDays, keptBytesPerUser: Number(row.keptBytesPerUser) } : KEPT_LAB_DEFAULTS;
}

export async function writeKeptLabSettings(db: Db, settings: KeptLabSettings): Promise<void> {
  const { keptDays, keptBytesPerUser } = settings;
  const values = { keptDays, keptBytesPerUser: `${keptBytesPerUser}`, updatedAt: sql<Date>`now()` };
  await typedSql(db)
    .insertInto("lab_settings")
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column("id").doUpdateSet(values))
    .execute();
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
const COLUMNS = ["k.id", "k.userId", "k.labSlug", "k.account", "k.keptAt", "k.expiresAt", "k.sessionId"] as const;
const HELD = [sql<string>`k.bytes::text`.as("bytes"), sql<boolean>`NOT ${sql.raw(FREE)}`.as("held")];

function toRow(r: Omit<KeptLabRow, "bytes"> & { bytes: string }): KeptLabRow {
  return { ...r, bytes: Number(r.bytes) };
}

export async function keptLabsOfUser(db: Db, userId: string): Promise<KeptLabRow[]> {
  const kept = typedSql(db).selectFrom("kept_lab as k").select(COLUMNS).select(HELD).where("userId", "=", userId);
  return (await kept.orderBy("keptAt", "desc").execute()).map(toRow);
}

/**
 * The kept lab a queued lab session starts from, taken for it (its `sessionId` set), or undefined when its learner
 * has none of this lab, or asked to start over (the kept one is forgotten: its file goes at the host's next sweep).
 * Taken in one statement, so two sessions never resume one disk.
 */
export async function takeKeptLab(db: Db, sessionId: string): Promise<KeptLabRow | undefined> {
  const lab = sql<boolean>`id = ${sessionId} AND kind = 'lab'`;
  const session = await typedSql(db).selectFrom("sandbox_session").select("fresh").where(lab).executeTakeFirst();
  if (!session) return undefined;
  const owned = sql<boolean>`k."userId" = s."userId" AND k."labSlug" = s."labSlug" AND s.id = ${sessionId}
    AND ${sql.raw(FREE)}`;
  if (session.fresh) {
    await typedSql(db).deleteFrom("kept_lab as k").using("sandbox_session as s").where(owned).execute();
    return undefined;
  }
  const take = typedSql(db).updateTable("kept_lab as k").from("sandbox_session as s").set({ sessionId }).where(owned);
  const row = await take.returning(COLUMNS).returning(HELD).executeTakeFirst();
  return row && toRow(row);
}

/** A kept lab whose disk no host has any more (its host died for good, or it was removed by hand): forgotten. */
export async function dropKeptLab(db: Db, id: string): Promise<void> {
  await typedSql(db).deleteFrom("kept_lab").where("id", "=", id).execute();
}

/** A resume that failed before its lab opened: the kept lab is the learner's to resume again, as it was. */
export async function giveBackKeptLab(db: Db, id: string): Promise<void> {
  await typedSql(db).updateTable("kept_lab").set({ sessionId: null }).where("id", "=", id).execute();
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
  return inTransaction(async (client) => {
    const q = typedSql(client);
    const lab = sql<boolean>`id = ${sessionId} AND kind = 'lab'`;
    // A lab session always names its lab (the schema allows none for a shell's).
    const slug = sql<string>`"labSlug"`.as("labSlug");
    const session = await q.selectFrom("sandbox_session").select(["userId", slug]).where(lab).executeTakeFirst();
    if (!session) throw new Error(`no lab session ${sessionId}`);
    const { userId, labSlug } = session;
    // One learner's keeps in turn: two labs closing at once must not both count the same free room.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`kept-lab:${userId}`]);
    const settings = await readKeptLabSettings(client);
    if (disk.bytes > settings.keptBytesPerUser) {
      await q.deleteFrom("kept_lab").where("userId", "=", userId).where("labSlug", "=", labSlug).execute();
      return { kept: false, bytes: disk.bytes, quotaBytes: settings.keptBytesPerUser };
    }
    const others = (await keptLabsOfUser(client, userId)).filter((k) => k.labSlug !== labSlug);
    let used = others.reduce((sum, k) => sum + k.bytes, 0);
    const evicted: KeptLabRow[] = [];
    // Oldest first, and never one a live session holds (its disk is not in the kept folder to remove).
    for (const other of [...others].reverse()) {
      if (used + disk.bytes <= settings.keptBytesPerUser) break;
      if (other.held) continue;
      evicted.push(other);
      used -= other.bytes;
    }
    const evict = sql<boolean>`id = ANY(${evicted.map((k) => k.id)})`;
    if (evicted.length > 0) await q.deleteFrom("kept_lab").where(evict).execute();
    const expiresAt = sql<Date>`now() + make_interval(days => ${settings.keptDays})`;
    const kept = {
      account: disk.account,
      bytes: `${disk.bytes}`,
      keptAt: sql<Date>`now()`,
      expiresAt,
      sessionId: null,
    };
    const row = await q
      .insertInto("kept_lab")
      .values({ id: sql<string>`gen_random_uuid()::text`, userId, labSlug, ...kept })
      .onConflict((oc) => oc.columns(["userId", "labSlug"]).doUpdateSet(kept))
      .returning(["id", "expiresAt"])
      .executeTakeFirstOrThrow();
    return { kept: true, id: row.id, expiresAt: row.expiresAt, evicted };
  }, db);
}

/** Removes the kept labs past their expiry that no session holds; answers their ids (their files are to go). */
export async function removeExpiredKeptLabs(db: Db): Promise<string[]> {
  const expired = sql<boolean>`k."expiresAt" < now() AND ${sql.raw(FREE)}`;
  const rows = await typedSql(db).deleteFrom("kept_lab as k").where(expired).returning("id").execute();
  return rows.map((r) => r.id);
}

/** Which of `ids` are kept labs still (a file whose id is not is a leftover to remove). */
export async function keptLabIdsAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const among = sql<boolean>`id = ANY(${[...ids]})`;
  const rows = await typedSql(db).selectFrom("kept_lab").select("id").where(among).execute();
  return new Set(rows.map((r) => r.id));
}

/** A learner forgets one of their kept labs; not while a session has it open (its disk is in use). */
export async function forgetKeptLab(db: Db, userId: string, labSlug: string): Promise<"forgotten" | "none" | "open"> {
  const mine = sql<boolean>`"userId" = ${userId} AND "labSlug" = ${labSlug}`;
  const free = sql.raw<boolean>(FREE).as("free");
  const f = typedSql(db).selectFrom("kept_lab as k").select(["id", free]).where(mine).forUpdate();
  const d = typedSql(db).deleteFrom("kept_lab").where(sql<boolean>`id IN (SELECT id FROM f WHERE free)`);
  const found = await typedSql(db)
    .with("f", () => f)
    .with("d", () => d.returning("id"))
    .selectFrom("f")
    .select("free")
    .executeTakeFirst();
  if (!found) return "none";
  return found.free ? "forgotten" : "open";
}

/**
 * The account whose ids own the kept lab a queued session would resume, or undefined when it resumes none: its host
 * starts it as that account where it can (nothing to shift), and never on a warm engine (whose disk is a new one).
 */
export async function keptLabAccountFor(db: Db, sessionId: string): Promise<string | undefined> {
  const kept = await typedSql(db)
    .selectFrom("kept_lab as k")
    .innerJoin("sandbox_session as s", (j) => j.onRef("k.userId", "=", "s.userId").onRef("k.labSlug", "=", "s.labSlug"))
    .select("k.account")
    .where(sql<boolean>`s.id = ${sessionId} AND s.kind = 'lab' AND NOT s.fresh AND ${sql.raw(FREE)}`)
    .executeTakeFirst();
  return kept?.account;
}
