import { type LocalPostgres, startLocalPostgres } from "./lib/db/embedded-postgres";
import { applyMigrations } from "./lib/db/migrate";
import { prepareTemplateDatabase } from "./test-support/db/test-database";

let started: LocalPostgres | undefined;

/**
 * Integration tests (`*.pg.test.ts`, `*.docker.pg.test.ts`) need a real PostgreSQL. Use TEST_DATABASE_URL when the
 * caller provides one; otherwise start a private cluster so `npx vitest` works on its own. The pg and docker tiers
 * both name this setup: when one run holds both, the second call finds the first's server and template in the
 * environment and reuses them. Each tier run as a process of its own (scripts/test.sh) starts its own server.
 */
export default async function setup() {
  if (process.env.TEST_TEMPLATE_DATABASE) return;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const port = Number(process.env.DOCKYARD_TEST_PG_PORT ?? 54331);
    started = await startLocalPostgres({ dataDir: `.data/pg-vitest-${port}`, port, database: "dockyard_test" });
    url = started.url;
    // vitest skips the teardown below when it ends early (no test file matched): stop the server as the process
    // exits, so it is never left holding the port and the data directory.
    const pid = started.pid;
    process.once("exit", () => {
      try {
        process.kill(pid, "SIGINT");
      } catch {
        // Already stopped by the teardown.
      }
    });
  }
  await applyMigrations(url);
  await prepareTemplateDatabase(url);
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_URL = url;
  process.env.BETTER_AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
  return async () => {
    await started?.stop();
  };
}
