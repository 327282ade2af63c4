import pg from "pg";
import { env } from "../config/env";

// Raw SQL pool for the hot paths (event append/stream, LISTEN) where Prisma adds nothing.
const globalForPool = globalThis as unknown as { dockyardPool?: pg.Pool };

export function pool(): pg.Pool {
  globalForPool.dockyardPool ??= new pg.Pool({ connectionString: env().DATABASE_URL, max: 10 });
  return globalForPool.dockyardPool;
}
