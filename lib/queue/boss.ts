import pg from "pg";
import PgBoss from "pg-boss";
import { isDatabaseUnavailable } from "../db/unavailable";
import { BOSS_SCHEMA, JOB_EXPIRE_SECONDS, JOB_RETRY_LIMIT, QUEUES } from "./queues";

export interface BossOptions {
  /** Only runners maintain the queues (expiry, archiving); the web app just sends. */
  supervise: boolean;
}

export async function startBoss(connectionString: string, opts: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    max: 4,
    supervise: opts.supervise,
    schedule: false,
    migrate: true,
  });
  boss.on("error", logBossError());
  await boss.start();
  await oneAtATime(connectionString, "dockyard:ensure-queues", () => ensureQueues(boss));
  return boss;
}

/**
 * Runs `body` while holding a session advisory lock: processes starting together on a new database (three runners
 * at once) would otherwise each create the queues, and pg-boss's create_queue deadlocks against itself.
 */
async function oneAtATime(connectionString: string, key: string, body: () => Promise<void>): Promise<void> {
  const lock = new pg.Client({ connectionString });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [key]);
    await body();
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(QUEUES.dead, { name: QUEUES.dead, retryLimit: 0 });
  for (const name of [QUEUES.cpu, QUEUES.gpu]) {
    await boss.createQueue(name, {
      name,
      expireInSeconds: JOB_EXPIRE_SECONDS,
      retryLimit: JOB_RETRY_LIMIT,
      retryDelay: 5,
      deadLetter: QUEUES.dead,
    });
  }
}

const QUIET_MS = 30_000;

/**
 * pg-boss reports every failed poll of every worker: while the database restarts that is several lines a second,
 * each saying the same. The first says it, then one a while until it answers; pg-boss keeps polling and its
 * workers resume by themselves. Any other error is logged as it comes.
 */
function logBossError(): (err: Error) => void {
  let quietUntil = 0;
  return (err) => {
    if (!isDatabaseUnavailable(err)) {
      console.error("[pg-boss]", err.message);
      return;
    }
    if (Date.now() < quietUntil) return;
    quietUntil = Date.now() + QUIET_MS;
    console.error("[pg-boss] the database is unavailable; polling goes on until it answers:", err.message);
  };
}
