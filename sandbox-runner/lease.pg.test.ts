import pg from "pg";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBoss } from "../lib/queue/boss";
import { QUEUES } from "../lib/queue/queues";
import { insertUsers } from "../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../test-support/db/test-database";
import { reclaimExpiredLeases, runnerDead } from "./lease";

let database: TestDatabase;
let db: pg.Pool;
let boss: PgBoss;
let sent = 0;

beforeAll(async () => {
  database = await createTestDatabase("lease");
  db = new pg.Pool({ connectionString: database.url });
  boss = await startBoss(database.url, { supervise: false });
  await insertUsers(db, [{ id: "u" }]);
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt") VALUES
       ('alive', 'h', 1, 0, '{grade-cpu}', 'running', now()),
       ('killed', 'h', 1, 0, '{grade-cpu}', 'running', now() - interval '5 minutes'),
       ('stopped', 'h', 1, 0, '{grade-cpu}', 'stopped', now()),
       ('restarted', 'h', 1, 0, '{grade-cpu}', 'running', now())`,
  );
});

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await db?.end();
  await database?.drop();
});

/**
 * A submission whose job a runner has claimed (pg-boss `active`) and marked running, as the runner's worker does:
 * the claim first, then the move to running. `claimedAfterStart` reverses that, as when another runner has just
 * claimed the retried job and not yet marked it.
 */
async function claimed(id: string, runnerId: string, opts: { retryLimit?: number; claimedAfterStart?: boolean } = {}) {
  // Each job above the last, so the fetch below claims this one, not an earlier test's job back from its retry delay.
  const priority = ++sent;
  const jobId = await boss.send(QUEUES.cpu, { submissionId: id }, { retryLimit: opts.retryLimit ?? 2, priority });
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "jobId")
     VALUES ($1, 'u', 'x', '[]', 'queued', $2)`,
    [id, jobId],
  );
  // The dead runner marked it running a while ago, before the job went back to the queue and was claimed again.
  if (opts.claimedAfterStart) await markRunning(id, runnerId, "1 minute");
  const [job] = await boss.fetch(QUEUES.cpu);
  expect(job?.id).toBe(jobId);
  if (!opts.claimedAfterStart) await markRunning(id, runnerId);
  return jobId!;
}

async function markRunning(id: string, runnerId: string, ago = "0 seconds") {
  await db.query(
    `UPDATE submission SET status = 'running', "runnerId" = $2, "startedAt" = now() - $3::interval WHERE id = $1`,
    [id, runnerId, ago],
  );
}

async function jobState(jobId: string): Promise<string> {
  return (await db.query(`SELECT state FROM pgboss.job WHERE id = $1`, [jobId])).rows[0].state;
}

async function logOf(id: string): Promise<string> {
  const { rows } = await db.query(
    `SELECT data->>'text' AS text FROM submission_event WHERE "submissionId" = $1 AND type = 'log' ORDER BY id`,
    [id],
  );
  return rows.map((r) => r.text).join("");
}

describe("reclaimExpiredLeases", () => {
  it("hands back the jobs of dead and stopped runners, with a note in the learner's log, and no others", async () => {
    const onKilled = await claimed("on-killed", "killed");
    const onStopped = await claimed("on-stopped", "stopped");
    const onAlive = await claimed("on-alive", "alive");
    // The killed runner's earlier job was retried and another runner has just claimed it: that claim stands.
    const reclaimedElsewhere = await claimed("claimed-again", "killed", { claimedAfterStart: true });

    const reclaimed = await reclaimExpiredLeases(db, boss);
    expect(reclaimed.map((j) => j.submissionId).sort()).toEqual(["on-killed", "on-stopped"]);
    expect(reclaimed.every((j) => j.retried && j.queue === QUEUES.cpu)).toBe(true);
    // pg-boss's retry policy applies: the job waits for its retry delay, then any runner may claim it.
    expect(await jobState(onKilled)).toBe("retry");
    expect(await jobState(onStopped)).toBe("retry");
    expect(await jobState(onAlive)).toBe("active");
    expect(await jobState(reclaimedElsewhere)).toBe("active");
    expect(await logOf("on-killed")).toContain(
      "[the runner grading this submission (killed) stopped answering; grading restarts on another runner]",
    );
    expect(await logOf("on-alive")).toBe("");

    // Handed back once: the next sweep finds nothing more to do.
    expect(await reclaimExpiredLeases(db, boss)).toEqual([]);
  });

  it("sends a job that used its last retry to the dead-letter queue, and says so", async () => {
    const last = await claimed("last-retry", "killed", { retryLimit: 0 });
    const [reclaimed] = await reclaimExpiredLeases(db, boss);
    expect(reclaimed).toMatchObject({ submissionId: "last-retry", retried: false });
    expect(await jobState(last)).toBe("failed");
    const dead = await boss.fetch<{ submissionId: string }>(QUEUES.dead);
    expect(dead[0]?.data.submissionId).toBe("last-retry");
    expect(await logOf("last-retry")).toContain("grading is given up");
  });

  it("takes back a restarted runner's own jobs from its previous life, though its row looks alive", async () => {
    const before = await claimed("before-restart", "restarted");
    expect(await reclaimExpiredLeases(db, boss)).toEqual([]);
    const [reclaimed] = await reclaimExpiredLeases(db, boss, { restartedAs: "restarted" });
    expect(reclaimed?.submissionId).toBe("before-restart");
    expect(await jobState(before)).toBe("retry");
  });
});

describe("runnerDead", () => {
  it("calls a runner dead once its lease ran out or it stopped, and never one the database does not know", async () => {
    const dead = runnerDead(db);
    expect(await dead("killed")).toBe(true);
    expect(await dead("stopped")).toBe(true);
    expect(await dead("alive")).toBe(false);
    expect(await dead("another-installation")).toBe(false);
  });
});
