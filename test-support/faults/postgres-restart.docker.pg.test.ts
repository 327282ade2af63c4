import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostgres, startLocalPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { markError } from "../../sandbox-runner/grading-job";
import { type RunningRunner, startRunner } from "../../sandbox-runner/runner";
import { closeAppConnections } from "../db/close-app-connections";
import { insertUsers } from "../db/insert-users";
import {
  allFinal,
  finalStatusEvents,
  freePort,
  quickBuild,
  readSubmission,
  slowBuild,
  waitFor,
} from "./testing/fault-harness";

/**
 * PostgreSQL restarted while a submission is being graded and others wait in the queue. The database is this
 * test's own cluster (the shared test server must not restart under other tests); the runner, the queue, the
 * engine and the app's submit path are the real ones.
 */
const LEARNERS = ["learner-0", "learner-1", "learner-2", "learner-3"];
/** Longer than what is left of the first build after `tick-3`: it ends, and its result is due, with no database. */
const BUILD_SECONDS = 10;
const DOWN_MS = 10_000;

let server: LocalPostgres;
let options: Parameters<typeof startLocalPostgres>[0];
let db: pg.Pool;
let runner: RunningRunner | undefined;
let createSubmission: typeof import("../../lib/submissions/create-submission").createSubmission;
let eventBus: typeof import("../../lib/events/event-bus").eventBus;

beforeAll(async () => {
  options = {
    dataDir: path.resolve(".data", `pg-restart-${randomBytes(4).toString("hex")}`),
    port: await freePort(),
    database: "dockyard_faults",
  };
  server = await startLocalPostgres(options);
  await applyMigrations(server.url);
  // The app's pool, Prisma client, queue handle and LISTEN connection are all made from DATABASE_URL on first use.
  process.env.DATABASE_URL = server.url;
  ({ createSubmission } = await import("../../lib/submissions/create-submission"));
  ({ eventBus } = await import("../../lib/events/event-bus"));
  db = new pg.Pool({ connectionString: server.url });
  // The restart ends this pool's idle connections too; the pool replaces them, and the test reads on.
  db.on("error", () => {});
  await insertUsers(
    db,
    LEARNERS.map((id) => ({ id })),
  );
  runner = await startRunner({ databaseUrl: server.url, concurrency: 1, gpus: 0, id: "faults-pg-restart" });
});

afterAll(async () => {
  await runner?.stop();
  await Promise.all([closeAppConnections(), eventBus?.().close(), db?.end()]);
  await server?.stop();
  if (options) await rm(options.dataDir, { recursive: true, force: true });
});

describe("PostgreSQL restarted mid-queue", () => {
  it("loses and strands no submission: the one being graded and the queued ones all end graded", async () => {
    const submit = (learner: string, files: { path: string; content: string }[]) =>
      createSubmission(learner, { exercise: "first-image", files }).then((s) => s.id);
    const ids = [await submit(LEARNERS[0]!, slowBuild(BUILD_SECONDS))];
    for (const learner of LEARNERS.slice(1)) ids.push(await submit(learner, quickBuild(learner)));
    const [grading, ...queued] = ids as [string, ...string[]];

    // An open stream of the app listens for the last queued submission, whose every event comes after the restart.
    const heard = { watched: 0, other: 0 };
    await eventBus().subscribe(queued.at(-1)!, () => heard.watched++);
    // Wakes after a lost connection go to every stream; NOTIFYs only to the one they name.
    await eventBus().subscribe("no-such-submission", () => heard.other++);

    await waitFor(
      "the first build to be under way",
      async () => ((await readSubmission(db, grading)).log.includes("tick-3") ? true : undefined),
      120_000,
    );
    expect((await readSubmission(db, queued[0]!)).status).toBe("queued");
    await server.stop();
    await sleep(DOWN_MS);
    server = await startLocalPostgres(options);

    const outcomes = await allFinal(db, ids, 300_000);
    expect(outcomes.map((s) => [s.id, s.status])).toEqual(ids.map((id) => [id, "passed"]));
    for (const submission of outcomes) {
      // Graded once: one closing status, and it is the last event, which ends the learner's stream.
      expect(finalStatusEvents(submission)).toHaveLength(1);
      expect(submission.events.at(-1)).toEqual({ type: "status", data: { status: "passed" } });
    }
    // The output printed while the database was down was kept and stored in order once it answered again.
    const ticks = outcomes[0]!.log.match(/^#\d+ [\d.]+ tick-\d+$/gm)?.map((line) => line.split(" ").at(-1));
    expect(ticks).toEqual(Array.from({ length: BUILD_SECONDS }, (_, i) => `tick-${i + 1}`));

    const { rows } = await db.query(`SELECT count(*)::int AS n FROM submission WHERE status IN ('queued', 'running')`);
    expect(rows[0].n).toBe(0);
    // pg-boss closed every job as completed: none failed over to a retry, none is left to expire later.
    await waitFor(
      "every grading job to be completed",
      async () => {
        const jobs = await db.query(`SELECT state FROM pgboss.job WHERE name = 'grade-cpu' AND state <> 'completed'`);
        return jobs.rowCount === 0 ? true : undefined;
      },
      30_000,
    );
    // The app's LISTEN connection came back by itself: the stream heard its submission's NOTIFYs, not only wakes.
    expect(heard.watched).toBeGreaterThan(heard.other);

    // The same runner goes on grading new work.
    const after = await submit(LEARNERS[0]!, quickBuild("after-restart"));
    const [next] = await allFinal(db, [after], 180_000);
    expect(next!.status).toBe("passed");
  }, 900_000);

  it("stores a final status the runner writes while the database is down, once it is back", async () => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status) VALUES ` +
        `(gen_random_uuid()::text, $1, 'first-image', '[]', 'running') RETURNING id`,
      [LEARNERS[1]],
    );
    const id = rows[0]!.id;
    await server.stop();
    const closing = markError(db, id, "The grader stopped; please submit again.");
    await sleep(2_000);
    server = await startLocalPostgres(options);
    await closing;
    const stored = await readSubmission(db, id);
    expect([stored.status, stored.errorMessage]).toEqual(["error", "The grader stopped; please submit again."]);
    expect(finalStatusEvents(stored)).toHaveLength(1);
  }, 120_000);
});
