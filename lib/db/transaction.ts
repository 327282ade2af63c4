import type pg from "pg";
import { pool } from "./pool";

/**
 * Runs `work` in one transaction on its own connection of `db` (the web's pool unless a caller, such as a sandbox
 * host with a pool of its own, names one); a connection that cannot roll back is not reused.
 */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, db: pg.Pool = pool()): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw err;
  } finally {
    client.release(broken);
  }
}
