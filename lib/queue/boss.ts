import PgBoss from "pg-boss";
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
  boss.on("error", (err) => console.error("[pg-boss]", err.message));
  await boss.start();
  await ensureQueues(boss);
  return boss;
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
