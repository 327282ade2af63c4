/**
 * Applies the committed migrations under prisma/migrations to DATABASE_URL
 * (default: the local database `npm start` runs), recording them in
 * `_prisma_migrations` so `prisma migrate deploy` / `status` agree later.
 *
 *   npx tsx scripts/migrate.ts        (or: npm run db:migrate)
 */
import { env } from "../lib/config/env";
import { applyMigrations } from "../lib/db/migrate";

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  console.log(`Migrating ${redact(url)}`);
  const { applied } = await applyMigrations(url, { log: (line) => console.log(`  ${line}`) });
  if (applied.length === 0) {
    console.log("Nothing to apply: the database already has every migration.");
  } else {
    console.log(`Applied ${applied.length} migration${applied.length === 1 ? "" : "s"}:`);
    for (const name of applied) console.log(`  - ${name}`);
  }
}

main().catch((err: unknown) => {
  console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
