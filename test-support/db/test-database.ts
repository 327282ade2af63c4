import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";

export interface TestDatabase {
  /** Connection URL of the new database (same server, user and options as TEST_DATABASE_URL). */
  url: string;
  /** Drops the database, terminating any connections still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Where the global setup names the migrated template it made (prepareTemplateDatabase). */
const TEMPLATE_ENV = "TEST_TEMPLATE_DATABASE";

/**
 * Makes a database on the server behind serverUrl with every migration applied, for createTestDatabase to clone:
 * a clone is a file copy (tens of milliseconds) where replaying the migrations takes seconds, once per test file.
 * Nobody may connect to it afterwards (a template with a session open cannot be cloned), so it is closed to
 * connections. Made anew at each run, so it always holds the migrations of the checkout being tested.
 */
export async function prepareTemplateDatabase(serverUrl: string): Promise<string> {
  const name = "dockyard_test_template";
  await withAdmin(serverUrl, async (client) => {
    const id = client.escapeIdentifier(name);
    await client.query(`ALTER DATABASE ${id} WITH IS_TEMPLATE false ALLOW_CONNECTIONS true`).catch(() => {});
    await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${id} TEMPLATE template0`);
  });
  await applyMigrations(withDatabase(serverUrl, name));
  await withAdmin(serverUrl, async (client) => {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  });
  process.env[TEMPLATE_ENV] = name;
  return name;
}

/**
 * Creates a fresh, uniquely named database on the server behind
 * TEST_DATABASE_URL (set by vitest.global-setup.ts) with every migration
 * applied, and returns its URL, so an integration test gets a database of its
 * own. It is cloned from the global setup's migrated template when there is one
 * (the migrations are replayed otherwise). The role in TEST_DATABASE_URL needs
 * CREATEDB (the test setup uses a superuser).
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    throw new Error(
      "createTestDatabase: TEST_DATABASE_URL is not set. Run the tests through vitest (its global setup starts " +
        "PostgreSQL) or point TEST_DATABASE_URL at a server where this role may CREATE DATABASE.",
    );
  }
  const name = uniqueDatabaseName(prefix);
  const url = withDatabase(serverUrl, name);

  const template = process.env[TEMPLATE_ENV];
  await withAdmin(serverUrl, async (client) => {
    // Both templates never have connections, so parallel creates cannot trip over each other.
    const from = client.escapeIdentifier(template ?? "template0");
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${from}`);
  });

  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    await withAdmin(serverUrl, async (client) => {
      // Pools a test has just ended (pg-boss's, Prisma's) close their connections a moment later. FORCE would
      // terminate them mid-close, and a client with no error listener turns that into an uncaught exception in
      // whichever test file runs next: give them a few seconds to go on their own first.
      for (let waited = 0; waited < 5000; waited += 100) {
        const { rows } = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [name],
        );
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    });
    dropped = true;
  };

  try {
    if (!template) await applyMigrations(url);
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
  return { url, drop };
}

function uniqueDatabaseName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^_+|_+$/g, "") || "test";
  const suffix = `_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  // PostgreSQL identifiers are at most 63 bytes; keep the unique suffix intact.
  return `${clean.slice(0, 63 - suffix.length)}${suffix}`;
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
