/**
 * Ends what the app's own modules opened in a test process (the pg-boss instance submissions queue through, the
 * shared pool and Prisma), so a test database can be dropped and vitest can exit. Imported lazily: the modules read
 * DATABASE_URL when first used, which each test sets before.
 */
export async function closeAppConnections(): Promise<void> {
  const { appBoss } = await import("../../lib/queue/app-boss");
  const { pool } = await import("../../lib/db/pool");
  const { prisma } = await import("../../lib/db/client");
  await (await appBoss()).stop({ graceful: false, wait: true });
  await Promise.all([pool().end(), prisma().$disconnect()]);
}
