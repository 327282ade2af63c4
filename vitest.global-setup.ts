import { type LocalPostgres, startLocalPostgres } from "./lib/db/embedded-postgres";
import { applyMigrations } from "./lib/db/migrate";

let started: LocalPostgres | undefined;

/**
 * Integration tests (`*.pg.test.ts`) need a real PostgreSQL. Use TEST_DATABASE_URL
 * when the caller provides one (scripts/test.sh does); otherwise start a private
 * cluster so `npx vitest` works on its own.
 */
export default async function setup() {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    started = await startLocalPostgres({ dataDir: ".data/pg-vitest", port: 54331, database: "dockyard_test" });
    url = started.url;
  }
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_URL = url;
  process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
  return async () => {
    await started?.stop();
  };
}
