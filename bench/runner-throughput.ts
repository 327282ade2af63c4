/**
 * Scale-out of the sandbox runner's grading: a burst of submissions (30 learners at once, through the app's submit
 * path) graded by one runner process, then by three (each RUNNER_CONCURRENCY=1), on the same engine and database.
 * Prints the wall time from the first submit to the last final status, submissions per minute, and the ratio.
 *
 *   node --import tsx bench/runner-throughput.ts [submissions=30] [rounds=1]
 *
 * Rounds alternate 1 and 3 runners so both see the same machine state. PostgreSQL: the server behind
 * TEST_DATABASE_URL if set (a database of its own is created), else an embedded one in .data/bench-runner-pg.
 * The engine is the usual one (source scripts/engine/engine-env.sh first).
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type LocalPostgres, startLocalPostgres } from "../lib/db/embedded-postgres";
import { insertUsers } from "../test-support/db/insert-users";
import { createTestDatabase } from "../test-support/db/test-database";
import { quickBuild } from "../test-support/faults/testing/fault-harness";
import { learnerSubmissions, startFleet, stopFleet } from "../test-support/scale/testing/runner-fleet";

const count = Math.max(1, Number(process.argv[2] ?? 30));
const rounds = Math.max(1, Number(process.argv[3] ?? 1));

let embedded: LocalPostgres | undefined;
if (!process.env.TEST_DATABASE_URL) {
  embedded = await startLocalPostgres({ dataDir: ".data/bench-runner-pg", port: 54372, database: "postgres" });
  process.env.TEST_DATABASE_URL = embedded.url;
}
const database = await createTestDatabase("bench_runners");
const db = new pg.Pool({ connectionString: database.url });
// One database for every round: the app's submit path keeps its handles for the life of the process.
const submissions = await learnerSubmissions(database.url);

interface Round {
  runners: number;
  seconds: number;
  perMinute: number;
  split: number[];
  statuses: Record<string, number>;
  /** Share of the machine's CPU time in use during the burst (every process, not only the runners). */
  cpuBusy: number;
}

/** The machine's CPU counters (Linux /proc/stat): all time and idle time, in ticks, summed over every core. */
function cpuTicks(): { total: number; idle: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  // Fields 4 and 5 are idle and iowait: a core waiting on the disk was free to run a runner.
  return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3]! + (fields[4] ?? 0) };
}

async function round(n: number, runners: number): Promise<Round> {
  const ids = Array.from({ length: runners }, (_, i) => `bench-r${n}-${i + 1}`);
  // Start-up (the package mirror check, the start-up reap) is not part of the burst.
  const fleet = await startFleet({ databaseUrl: database.url, ids });
  try {
    const learners = Array.from({ length: count }, (_, i) => ({ id: `bench-r${n}-learner-${i}` }));
    await insertUsers(db, learners);
    const started = performance.now();
    const ticks = cpuTicks();
    // Each learner's own Dockerfile, so no build is a cache hit of another's.
    const submitted = await Promise.all(learners.map((l) => submissions.submit(l.id, "first-image", quickBuild(l.id))));
    for (;;) {
      const { rows } = await db.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM submission WHERE id = ANY($1) AND status IN ('queued', 'running')`,
        [submitted],
      );
      if (rows[0]!.open === 0) break;
      await sleep(200);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = cpuTicks();
    const cpuBusy = 1 - (after.idle - ticks.idle) / (after.total - ticks.total);
    const { rows } = await db.query<{ runnerId: string; status: string }>(
      `SELECT "runnerId", status FROM submission WHERE id = ANY($1)`,
      [submitted],
    );
    const statuses: Record<string, number> = {};
    for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return {
      runners,
      seconds,
      perMinute: (count / seconds) * 60,
      split: ids.map((id) => rows.filter((r) => r.runnerId === id).length),
      statuses,
      cpuBusy,
    };
  } finally {
    await stopFleet(fleet);
  }
}

const results: Round[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    for (const runners of [1, 3]) {
      const r = await round(results.length + 1, runners);
      results.push(r);
      console.log(
        `${runners} runner(s): ${count} submissions in ${r.seconds.toFixed(1)} s = ${r.perMinute.toFixed(1)}/min` +
          ` (split ${r.split.join("/")}; ${JSON.stringify(r.statuses)};` +
          ` CPU ${Math.round(r.cpuBusy * 100)} % busy of ${cpus().length} cores)`,
      );
    }
  }
} finally {
  await submissions.close();
  await db.end();
  await database.drop();
  await embedded?.stop();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const one = median(results.filter((r) => r.runners === 1).map((r) => r.perMinute));
const three = median(results.filter((r) => r.runners === 3).map((r) => r.perMinute));
console.log(`ratio 3 runners / 1 runner: ${(three / one).toFixed(2)}x (goal >= 2.4x)`);
