import pg from "pg";
import { databaseSettings } from "../config/settings";
// Every connection in UTC, read and written as UTC (typed-sql.ts), before the first one is made.
import "./typed-sql";

// Raw SQL pool for the hot paths (event append/stream, LISTEN) where Prisma adds nothing.
const globalForPool = globalThis as unknown as { dockyardPool?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPool.dockyardPool) {
    const created = new pg.Pool({ connectionString: databaseSettings().DATABASE_URL, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it on the next query.
    created.on("error", (err) => console.error("[db] idle connection lost:", err.message));
    globalForPool.dockyardPool = created;
  }
  return globalForPool.dockyardPool;
}
