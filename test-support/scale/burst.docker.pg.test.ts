import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../db/insert-users";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import {
  allFinal,
  finalStatusEvents,
  quickBuild,
  type StoredSubmission,
  waitFor,
} from "../faults/testing/fault-harness";
import { gradingsBy, learnerSubmissions, type RunnerProcess, startFleet, stopFleet } from "./testing/runner-fleet";

/**
 * A burst on scaled-out sandbox runners: 30 learners submit at once through the app's own submit path, and three
 * runner processes share the queue. Every submission must end graded, by exactly one runner, once.
 */
const LEARNERS = 30;
const RUNNER_IDS = ["burst-a", "burst-b", "burst-c"];
/**
 * What this proves is that none is lost or graded twice, not how fast: 30 gradings on two cores take 22 s to more
 * than a minute with the engine's other work (bench/runner-throughput.ts measures the speed).
 */
const BURST_MS = 20 * 60_000;

/** A submission that did not pass: its status and failed checks with their messages, or its error. */
function whyNotPassed(s: StoredSubmission): string {
  const result = s.events.find((e) => e.type === "result")?.data as
    | { checks?: Array<{ id: string; status: string; message: string }> }
    | undefined;
  const failed = (result?.checks ?? []).filter((c) => c.status === "fail").map((c) => `${c.id}: ${c.message}`);
  return `${s.id} ${s.status}: ${failed.join("; ") || s.errorMessage || s.log.slice(-400)}`;
}

let database: TestDatabase;
let db: pg.Pool;
let runners: RunnerProcess[] = [];
let submissions: Awaited<ReturnType<typeof learnerSubmissions>> | undefined;

beforeAll(async () => {
  database = await createTestDatabase("burst");
  db = new pg.Pool({ connectionString: database.url });
  runners = await startFleet({ databaseUrl: database.url, ids: RUNNER_IDS });
  submissions = await learnerSubmissions(database.url);
});

afterAll(async () => {
  await stopFleet(runners);
  await submissions?.close();
  await db?.end();
  await database?.drop();
});

describe("a burst of submissions on three runner processes", () => {
  let graded: StoredSubmission[];

  it(
    "grades all 30, each by exactly one runner, once",
    async () => {
      const learners = Array.from({ length: LEARNERS }, (_, i) => ({ id: `learner-${String(i).padStart(2, "0")}` }));
      await insertUsers(db, learners);
      // Each learner's own Dockerfile (the tag differs), so no build is another's cache hit.
      const ids = await Promise.all(learners.map((l) => submissions!.submit(l.id, "first-image", quickBuild(l.id))));
      expect(new Set(ids).size).toBe(LEARNERS);

      graded = await allFinal(db, ids, BURST_MS);
      // None lost and none failed by the platform: every one got the grade its Dockerfile earns. One that did not
      // says which checks failed and why, so a failure under load explains itself.
      expect(graded.filter((s) => s.status !== "passed").map(whyNotPassed)).toEqual([]);
      expect(graded).toHaveLength(LEARNERS);
      for (const s of graded) {
        // One claim, one result, one final status: no retry happened and nothing was graded twice.
        const running = s.events.filter((e) => e.type === "status" && e.data.status === "running");
        expect(running, s.id).toHaveLength(1);
        expect(
          s.events.filter((e) => e.type === "result"),
          s.id,
        ).toHaveLength(1);
        expect(finalStatusEvents(s), s.id).toHaveLength(1);
        expect(s.events.at(-1)).toEqual({ type: "status", data: { status: "passed" } });
        expect(s.log).not.toContain("grading restarted");
      }
    },
    BURST_MS,
  );

  it("spreads the work: every runner graded some, and the runners' own logs name each submission once", async () => {
    const { rows } = await db.query<{ id: string; runnerId: string }>(`SELECT id, "runnerId" FROM submission`);
    const byRunner = new Map(RUNNER_IDS.map((r) => [r, rows.filter((row) => row.runnerId === r).length]));
    for (const [runner, count] of byRunner) expect(count, runner).toBeGreaterThan(0);
    expect([...byRunner.values()].reduce((a, b) => a + b, 0)).toBe(LEARNERS);

    // From the runners' side: each took each job at most once, and the one the row names is the one that took it.
    const claims = new Map<string, string[]>();
    for (const runner of runners)
      for (const [id, times] of gradingsBy(runner)) {
        expect(times, `${runner.id} ${id}`).toBe(1);
        claims.set(id, [...(claims.get(id) ?? []), runner.id]);
      }
    for (const row of rows) expect(claims.get(row.id), row.id).toEqual([row.runnerId]);
  });

  it("leaves every pg-boss job completed on its first attempt", async () => {
    // A runner completes its job just after storing the final status.
    const jobs = await waitFor(
      "every job to be completed",
      async () => {
        const { rows } = await db.query<{ state: string; retry_count: number }>(
          `SELECT j.state, j.retry_count FROM pgboss.job j JOIN submission s ON s."jobId" = j.id::text`,
        );
        return rows.every((j) => j.state === "completed") ? rows : undefined;
      },
      60_000,
    );
    expect(jobs).toHaveLength(LEARNERS);
    expect(jobs.filter((j) => j.retry_count > 0)).toEqual([]);
  });
});
