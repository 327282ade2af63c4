import type PgBoss from "pg-boss";
import { env } from "../config/env";
import { startBoss } from "./boss";

const globalForBoss = globalThis as unknown as { dockyardBoss?: Promise<PgBoss> };

/** The web app's queue handle: sends jobs, never works or maintains them. */
export function appBoss(): Promise<PgBoss> {
  globalForBoss.dockyardBoss ??= startBoss(env().DATABASE_URL, { supervise: false }).catch((err) => {
    globalForBoss.dockyardBoss = undefined;
    throw err;
  });
  return globalForBoss.dockyardBoss;
}
