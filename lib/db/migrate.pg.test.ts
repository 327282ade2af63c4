import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { PlatformFault } from "../errors/platform-fault";
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  migrationChecksum,
  readLocalMigrations,
  scriptMatchesChecksum,
} from "./migrate";

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function rejection(promise: Promise<unknown>): Promise<PlatformFault> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformFault);
    expect((err as PlatformFault).system).toBe("database");
    return err as PlatformFault;
  }
  throw new Error("expected the promise to reject");
}

interface HistoryRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const history = (url: string) =>
  query<HistoryRow>(url, `SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name`);

describe("applyMigrations with the repository's migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("migrate_repo");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("records every migration exactly as prisma migrate deploy would, and re-running applies nothing", async () => {
    const local = readLocalMigrations();
    expect(local.length).toBeGreaterThan(0);

    const rows = await history(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, local[i]!.name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }

    const lines: string[] = [];
    expect(await applyMigrations(db.url, { log: (l) => lines.push(l) })).toEqual({ applied: [] });
    expect(lines).toContain("database schema is up to date, no migrations to apply");
    expect(await history(db.url)).toHaveLength(rows.length);
  });

  it("creates _prisma_migrations with Prisma's exact layout", async () => {
    const columns = await query<{
      column_name: string;
      data_type: string;
      character_maximum_length: number | null;
      is_nullable: string;
      column_default: string | null;
    }>(
      db.url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      {
        column_name: "id",
        data_type: "character varying",
        character_maximum_length: 36,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "checksum",
        data_type: "character varying",
        character_maximum_length: 64,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "finished_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "migration_name",
        data_type: "character varying",
        character_maximum_length: 255,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "logs",
        data_type: "text",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "started_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "now()",
      },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
    const pk = await query<{ conname: string; def: string }>(
      db.url,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'`,
    );
    expect(pk).toEqual([{ conname: "_prisma_migrations_pkey", def: "PRIMARY KEY (id)" }]);
  });

  it("refuses when an applied migration's recorded checksum no longer matches its file", async () => {
    const name = readLocalMigrations()[0]!.name;
    const tampered = "0".repeat(64);
    await query(db.url, `UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2`, [tampered, name]);
    try {
      const err = await rejection(applyMigrations(db.url));
      expect(err.message).toContain(`migration "${name}" was modified after it was applied`);
      expect(err.message).toContain(tampered);
      expect(err.message).toContain("Applied migrations must never be edited");
      expect(err.details).toMatchObject({ migration: name, recordedChecksum: tampered });
    } finally {
      const file = readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, name, "migration.sql"));
      await query(db.url, `UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2`, [
        migrationChecksum(file),
        name,
      ]);
    }
    expect(await applyMigrations(db.url)).toEqual({ applied: [] });
  });
});

describe("applyMigrations semantics (scratch migrations folder)", () => {
  let db: TestDatabase;
  let dir: string;
  const url = () => `${db.url}${db.url.includes("?") ? "&" : "?"}schema=scratch`;

  const write = (name: string, sql: string) => {
    mkdirSync(path.join(dir, name), { recursive: true });
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  };

  beforeAll(async () => {
    db = await createTestDatabase("migrate_scratch");
  });
  afterAll(async () => {
    await db?.drop();
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await query(db.url, `DROP SCHEMA IF EXISTS scratch CASCADE`);
  });
  const freshDir = () => {
    dir = mkdtempSync(path.join(tmpdir(), "dockyard-migrations-"));
    writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  };

  it("applies pending migrations in name order, each once, into the URL's ?schema=", async () => {
    freshDir();
    write("20260102000000_second", `ALTER TABLE "t" ADD COLUMN "b" TEXT;`);
    write("20260101000000_first", `CREATE TABLE "t" ("a" INTEGER NOT NULL);`);

    expect(await applyMigrations(url(), { migrationsDir: dir })).toEqual({
      applied: ["20260101000000_first", "20260102000000_second"],
    });
    expect(await applyMigrations(url(), { migrationsDir: dir })).toEqual({ applied: [] });

    write("20260103000000_third", `CREATE INDEX "t_a_idx" ON "t"("a");`);
    expect(await applyMigrations(url(), { migrationsDir: dir })).toEqual({ applied: ["20260103000000_third"] });

    const tables = await query<{ table_schema: string; table_name: string }>(
      db.url,
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = 'scratch' ORDER BY 2`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", "t"]);
    const rows = await query<HistoryRow>(db.url, `SELECT * FROM scratch._prisma_migrations ORDER BY migration_name`);
    expect(rows.map((r) => [r.migration_name, r.applied_steps_count, r.finished_at !== null])).toEqual([
      ["20260101000000_first", 1, true],
      ["20260102000000_second", 1, true],
      ["20260103000000_third", 1, true],
    ]);
  });

  it("refuses a migration file edited after it was applied", async () => {
    freshDir();
    write("20260101000000_first", `CREATE TABLE "t" ("a" INTEGER NOT NULL);`);
    await applyMigrations(url(), { migrationsDir: dir });

    write("20260101000000_first", `CREATE TABLE "t" ("a" BIGINT NOT NULL);`);
    write("20260102000000_second", `ALTER TABLE "t" ADD COLUMN "b" TEXT;`);
    const err = await rejection(applyMigrations(url(), { migrationsDir: dir }));
    expect(err.message).toMatch(
      /^Refusing to migrate: migration "20260101000000_first" was modified after it was applied/,
    );
    // Nothing after it ran either.
    const cols = await query(
      db.url,
      `SELECT 1 FROM information_schema.columns WHERE table_schema = 'scratch' AND column_name = 'b'`,
    );
    expect(cols).toHaveLength(0);
  });

  it("accepts a file whose only change is CRLF line endings, as Prisma does", async () => {
    freshDir();
    write("20260101000000_first", `CREATE TABLE "t" (\n  "a" INTEGER NOT NULL\n);\n`);
    await applyMigrations(url(), { migrationsDir: dir });
    write("20260101000000_first", `CREATE TABLE "t" (\r\n  "a" INTEGER NOT NULL\r\n);\r\n`);
    expect(await applyMigrations(url(), { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it("rolls a failing migration back, records it as failed, and refuses until it is resolved", async () => {
    freshDir();
    write("20260101000000_first", `CREATE TABLE "t" ("a" INTEGER NOT NULL);`);
    write("20260102000000_broken", `CREATE TABLE "u" ("a" INTEGER NOT NULL);\nALTER TABLE "t" ADD COLUMN "b" NOPE;\n`);

    const failure = await rejection(applyMigrations(url(), { migrationsDir: dir }));
    expect(failure.message).toContain(`Migration "20260102000000_broken" failed and was rolled back`);
    expect(failure.message).toContain(`type "nope" does not exist`);
    expect(failure.message).toContain("line 2");

    // The first migration committed; the broken one left nothing behind but a failed history row.
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'scratch' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", "t"]);
    const rows = await query<HistoryRow>(db.url, `SELECT * FROM scratch._prisma_migrations ORDER BY migration_name`);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      migration_name: "20260102000000_broken",
      finished_at: null,
      applied_steps_count: 0,
    });
    expect(rows[1]!.logs).toContain(`type "nope" does not exist`);

    // Fixing the file is not enough: a started-but-unfinished migration blocks everything.
    write("20260102000000_broken", `CREATE TABLE "u" ("a" INTEGER NOT NULL);\n`);
    const refused = await rejection(applyMigrations(url(), { migrationsDir: dir }));
    expect(refused.message).toMatch(
      /^Refusing to migrate: migration "20260102000000_broken" started on .* but never finished/,
    );
    expect(refused.message).toContain("prisma migrate resolve --rolled-back 20260102000000_broken");

    // What `prisma migrate resolve --rolled-back` does; then the fixed migration applies.
    await query(db.url, `UPDATE scratch._prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL`);
    expect(await applyMigrations(url(), { migrationsDir: dir })).toEqual({ applied: ["20260102000000_broken"] });
  });

  it("serializes concurrent runs with Prisma's advisory lock", async () => {
    freshDir();
    write("20260101000000_slow", `SELECT pg_sleep(0.5);\nCREATE TABLE "t" ("a" INTEGER NOT NULL);`);
    write("20260102000000_next", `ALTER TABLE "t" ADD COLUMN "b" TEXT;`);

    const logs: string[] = [];
    const results = await Promise.all(
      [1, 2, 3].map((n) => applyMigrations(url(), { migrationsDir: dir, log: (l) => logs.push(`${n}: ${l}`) })),
    );
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["20260101000000_slow", "20260102000000_next"]);
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    expect(logs.some((l) => l.includes("waiting for the migration lock"))).toBe(true);
    const rows = await query<HistoryRow>(db.url, `SELECT * FROM scratch._prisma_migrations`);
    expect(rows).toHaveLength(2);
  });

  it("rejects a migration folder without migration.sql", async () => {
    freshDir();
    mkdirSync(path.join(dir, "20260101000000_empty"));
    const err = await rejection(applyMigrations(url(), { migrationsDir: dir }));
    expect(err.message).toContain("has no migration.sql");
  });
});

describe("scriptMatchesChecksum", () => {
  it("matches Prisma's checksum rules", () => {
    const script = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
    const checksum = migrationChecksum(script);
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(scriptMatchesChecksum(script, checksum)).toBe(true);
    expect(scriptMatchesChecksum(script.replace(/\n/g, "\r\n"), checksum)).toBe(true);
    expect(scriptMatchesChecksum(`${script} `, checksum)).toBe(false);
    // Old engines stored each byte without zero padding.
    const legacy = Array.from(createHash("sha256").update(script).digest(), (b) => b.toString(16)).join("");
    if (legacy.length !== 64) expect(scriptMatchesChecksum(script, legacy)).toBe(true);
  });
});
