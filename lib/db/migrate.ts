import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PlatformFault } from "../errors/platform-fault";

/**
 * Applies the committed SQL migrations under prisma/migrations without Prisma's
 * schema engine (which cannot be downloaded offline), bookkeeping them in
 * `_prisma_migrations` exactly the way `prisma migrate deploy` does, so an
 * operator can later run `prisma migrate deploy` / `prisma migrate status`
 * against the same database and see a consistent history:
 *
 * - same table layout (DDL copied from the schema engine's PostgreSQL flavour);
 * - one row per attempt: id = random UUID, checksum = sha256 hex of migration.sql,
 *   started_at, finished_at + applied_steps_count = 1 on success, logs = the
 *   error on failure (finished_at stays NULL: a "failed" migration, P3009);
 *   rows with rolled_back_at set are ignored, as Prisma ignores them;
 * - same advisory lock key (72707369), so this and `prisma migrate deploy`
 *   serialize against each other as well as against themselves.
 *
 * Each migration runs in its own transaction together with its history row, so
 * a failing script leaves no partial schema behind. The failed attempt is then
 * recorded outside that transaction (as Prisma does) and every later run refuses
 * until someone marks it rolled back. Consequently a migration.sql must not
 * contain its own BEGIN/COMMIT, nor statements that cannot run inside a
 * transaction block (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE before
 * PostgreSQL 12, ...).
 */

export interface ApplyMigrationsOptions {
  log?: (line: string) => void;
  /** Folder holding `<name>/migration.sql` folders. Defaults to this repo's prisma/migrations. */
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations applied by this call, in order. */
  applied: string[];
}

/** The key `prisma migrate` uses for its PostgreSQL advisory lock. */
const PRISMA_MIGRATE_ADVISORY_LOCK_KEY = 72707369;
const LOCK_TIMEOUT = "10min";

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

export interface LocalMigration {
  name: string;
  sqlPath: string;
  script: string;
  checksum: string;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/** sha256 hex of the script, as the schema engine's `render_checksum` computes it. */
export function migrationChecksum(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Mirrors the schema engine's `script_matches_checksum`: the file may have had
 * its line endings changed by git (CRLF <-> LF), and very old engine versions
 * stored checksums without zero-padding each byte.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const candidates = [script, script.replace(/\r\n/g, "\n"), script.replace(/\n/g, "\r\n")];
  return candidates.some((candidate) => {
    const digest = createHash("sha256").update(candidate, "utf8").digest();
    if (checksum.length !== 0 && checksum.length !== 64) {
      return Array.from(digest, (b) => b.toString(16)).join("") === checksum;
    }
    return digest.toString("hex") === checksum;
  });
}

/** Lists `<dir>/<name>/migration.sql` in name order (plain code-unit order, like Prisma's sort). */
export function readLocalMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): LocalMigration[] {
  if (!existsSync(migrationsDir)) {
    throw new PlatformFault("database", `Migrations folder ${migrationsDir} does not exist.`);
  }
  checkMigrationLock(migrationsDir);
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => {
    if (name.length > 255) {
      throw new PlatformFault("database", `Migration folder name "${name}" is longer than 255 characters.`);
    }
    const sqlPath = path.join(migrationsDir, name, "migration.sql");
    if (!existsSync(sqlPath)) {
      throw new PlatformFault("database", `Migration folder ${path.join(migrationsDir, name)} has no migration.sql.`, {
        details: { migration: name },
      });
    }
    const bytes = readFileSync(sqlPath);
    return { name, sqlPath, script: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
  });
}

function checkMigrationLock(migrationsDir: string): void {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  if (!existsSync(lockPath)) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockPath, "utf8"))?.[1];
  if (provider !== undefined && provider !== "postgresql") {
    throw new PlatformFault(
      "database",
      `${lockPath} says the migrations were written for "${provider}", but this ` +
        `migrator only applies them to PostgreSQL.`,
    );
  }
}

export async function applyMigrations(
  connectionString: string,
  opts: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const log = opts.log ?? (() => {});
  const local = readLocalMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const schema = schemaFromConnectionString(connectionString);

  const client = new pg.Client({ connectionString });
  // An idle client that loses its connection emits "error"; without a listener that crashes the process.
  client.on("error", (err) => log(`migration connection error: ${err.message}`));
  await client.connect();
  const table = `${client.escapeIdentifier(schema)}."_prisma_migrations"`;
  let locked = false;
  try {
    await acquireLock(client, log);
    locked = true;

    // Like the schema engine: objects go to the URL's ?schema= (default public). Checked first
    // because CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
    await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);

    await client.query(`
      CREATE TABLE IF NOT EXISTS ${table} (
          id                      VARCHAR(36) PRIMARY KEY NOT NULL,
          checksum                VARCHAR(64) NOT NULL,
          finished_at             TIMESTAMPTZ,
          migration_name          VARCHAR(255) NOT NULL,
          logs                    TEXT,
          rolled_back_at          TIMESTAMPTZ,
          started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
          applied_steps_count     INTEGER NOT NULL DEFAULT 0
      )`);

    const { rows } = await client.query<MigrationRow>(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM ${table} ORDER BY started_at ASC`,
    );
    const live = rows.filter((row) => row.rolled_back_at === null);

    // Refuse before touching anything if the history is in a state Prisma would refuse too.
    const failed = live.filter((row) => row.finished_at === null);
    if (failed.length > 0) {
      const names = failed.map((row) => row.migration_name);
      const first = failed[0]!;
      throw new PlatformFault(
        "database",
        `Refusing to migrate: migration${failed.length > 1 ? "s" : ""} ${names.map((n) => `"${n}"`).join(", ")} ` +
          `started on ${first.started_at.toISOString()} but never finished (a failed migration).` +
          (first.logs ? ` Its error was: ${first.logs.trim()}.` : "") +
          ` Inspect the database; if the failed attempt left nothing behind (this migrator runs each migration ` +
          `in a transaction), fix the migration and mark the attempt rolled back, with ` +
          `\`npx prisma migrate resolve --rolled-back ${first.migration_name}\` or ` +
          `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${first.migration_name}' ` +
          (`AND finished_at IS NULL AND rolled_back_at IS NULL; if it did apply, ` +
            `finish it by hand and use --applied instead.`),
        { details: { migrations: names } },
      );
    }

    const appliedRows = new Map<string, MigrationRow>();
    for (const row of live) appliedRows.set(row.migration_name, row);
    for (const migration of local) {
      const row = appliedRows.get(migration.name);
      if (row && !scriptMatchesChecksum(migration.script, row.checksum)) {
        throw new PlatformFault(
          "database",
          `Refusing to migrate: migration "${migration.name}" was modified after it was applied to this database ` +
            `(recorded checksum ${row.checksum}, ${path.relative(process.cwd(), migration.sqlPath)} now hashes to ` +
            `${migration.checksum}). Applied migrations must never be edited: restore the original file and put ` +
            `the change in a new migration.`,
          { details: { migration: migration.name, recordedChecksum: row.checksum, fileChecksum: migration.checksum } },
        );
      }
    }
    const localNames = new Set(local.map((m) => m.name));
    for (const name of appliedRows.keys()) {
      if (!localNames.has(name)) {
        log(`warning: migration ${name} is recorded in the database but not present in the migrations folder`);
      }
    }

    const applied: string[] = [];
    for (const migration of local) {
      if (appliedRows.has(migration.name)) continue;
      log(`applying migration ${migration.name}`);
      await applyOne(client, table, migration, log);
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
    if (applied.length === 0) log("database schema is up to date, no migrations to apply");
    return { applied };
  } finally {
    // The outcome is decided by now and must not be replaced by a failing goodbye: ending the session releases
    // the advisory lock anyway, and a connection that fails to close is gone already.
    if (locked) {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]).catch(() => {});
    }
    await client.end().catch(() => {});
  }
}

async function acquireLock(client: pg.Client, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
    PRISMA_MIGRATE_ADVISORY_LOCK_KEY,
  ]);
  if (rows[0]?.ok) return;
  log(`waiting for the migration lock (advisory lock ${PRISMA_MIGRATE_ADVISORY_LOCK_KEY}) held by another process`);
  await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);
  } catch (err) {
    if ((err as { code?: string }).code === "55P03") {
      throw new PlatformFault(
        "database",
        `Timed out after ${LOCK_TIMEOUT} waiting for the migration lock ` +
          `(pg_advisory_lock(${PRISMA_MIGRATE_ADVISORY_LOCK_KEY})). ` +
          `Another migrator is running or a dead session still holds it; see pg_locks WHERE locktype = 'advisory'.`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    await client.query("RESET lock_timeout");
  }
}

async function applyOne(
  client: pg.Client,
  table: string,
  migration: LocalMigration,
  log: (line: string) => void,
): Promise<void> {
  const id = randomUUID();
  let startedAt: Date | undefined;
  await client.query("BEGIN");
  try {
    const started = await client.query<{ started_at: Date }>(
      `INSERT INTO ${table} (id, checksum, started_at, migration_name)
       VALUES ($1, $2, clock_timestamp(), $3) RETURNING started_at`,
      [id, migration.checksum, migration.name],
    );
    startedAt = started.rows[0]?.started_at;
    // No parameters: the simple query protocol runs the whole multi-statement script.
    await client.query(migration.script);
    await client.query(
      `UPDATE ${table} SET applied_steps_count = applied_steps_count + 1, ` +
        `finished_at = clock_timestamp() WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (err) {
    // A connection the script broke cannot roll back, but PostgreSQL drops its open transaction with it.
    await client.query("ROLLBACK").catch(() => {});
    const message = describeScriptError(err, migration);
    // Record the failed attempt like `prisma migrate deploy` does (finished_at NULL, logs = error),
    // so neither this migrator nor Prisma carries on past it without a human looking.
    await client
      .query(
        `INSERT INTO ${table} (id, checksum, started_at, migration_name, logs, applied_steps_count)
         VALUES ($1, $2, COALESCE($3, now()), $4, $5, 0)`,
        [id, migration.checksum, startedAt ?? null, migration.name, message],
      )
      .catch((recordErr: unknown) => log(`could not record the failed attempt: ${(recordErr as Error).message}`));
    throw new PlatformFault(
      "database",
      `Migration "${migration.name}" failed and was rolled back: ${message}. It is now recorded as failed in ` +
        `_prisma_migrations; after fixing it, mark the attempt rolled back ` +
        `(\`npx prisma migrate resolve --rolled-back ${migration.name}\`) and run the migrations again.`,
      { cause: err, details: { migration: migration.name } },
    );
  }
}

function describeScriptError(err: unknown, migration: LocalMigration): string {
  const e = err as { message?: string; code?: string; position?: string };
  let message = e.message ?? String(err);
  if (e.code) message += ` (SQLSTATE ${e.code})`;
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    const line = migration.script.slice(0, position - 1).split("\n").length;
    message += ` at ${path.basename(path.dirname(migration.sqlPath))}/migration.sql line ${line}`;
  }
  return message;
}

/** The PostgreSQL schema Prisma would use for this URL: its `?schema=` parameter, default "public". */
export function schemaFromConnectionString(connectionString: string): string {
  try {
    return new URL(connectionString).searchParams.get("schema") || "public";
  } catch {
    // Not a URL (pg also takes "key=value" strings), so no ?schema= either: Prisma's default applies.
    return "public";
  }
}
