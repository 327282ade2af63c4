import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { engineClient } from "../../sandbox-runner/docker/engine";
import { LABEL_RUNNER } from "../../sandbox-runner/owner-labels";
import { insertUsers } from "../db/insert-users";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import {
  allFinal,
  finalStatusEvents,
  readSubmission,
  type StoredSubmission,
  slowBuild,
  waitFor,
} from "../faults/testing/fault-harness";
import { learnerSubmissions, type RunnerProcess, startFleet, stopFleet } from "./testing/runner-fleet";

/**
 * `kill -9` of a runner in the middle of a job, with a second runner process beside it: the survivor finds the
 * dead runner's lease expired, hands its job back to the queue, reaps its containers and images, and grades the
 * submission again. The learner sees one final status and a log that says what happened.
 */
const docker = engineClient();
// A lease of a few beats instead of a minute, so the test does not wait for the production one.
const LEASE = { RUNNER_HEARTBEAT_SECONDS: "1", RUNNER_LEASE_SECONDS: "5" };

let database: TestDatabase;
let db: pg.Pool;
let runners: RunnerProcess[] = [];
let submissions: Awaited<ReturnType<typeof learnerSubmissions>> | undefined;

beforeAll(async () => {
  database = await createTestDatabase("killrunner");
  db = new pg.Pool({ connectionString: database.url });
  submissions = await learnerSubmissions(database.url);
});

afterEach(async () => {
  await stopFleet(runners);
  runners = [];
});

afterAll(async () => {
  await submissions?.close();
  await db?.end();
  await database?.drop();
});

/** Containers and images carrying a runner's label. */
async function resourcesOf(runnerId: string): Promise<number> {
  const filters = { label: [`${LABEL_RUNNER}=${runnerId}`] };
  const [containers, images] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listImages({ all: true, filters }),
  ]);
  return containers.length + images.length;
}

/** Starts two runners, submits, waits for `ready`, kills the holder with SIGKILL; the survivor does the rest. */
async function killHolderWhen(
  names: [string, string],
  learner: string,
  exercise: string,
  files: { path: string; content: string }[],
  ready: (s: StoredSubmission, holder: string) => Promise<boolean>,
) {
  runners = await startFleet({ databaseUrl: database.url, ids: names, env: LEASE });
  await insertUsers(db, [{ id: learner }]);
  const id = await submissions!.submit(learner, exercise, files);
  const holder = await waitFor(
    "the job to be under way",
    async () => {
      const { runnerId } = (await db.query(`SELECT "runnerId" FROM submission WHERE id = $1`, [id])).rows[0];
      return runnerId && (await ready(await readSubmission(db, id), runnerId)) ? (runnerId as string) : undefined;
    },
    5 * 60_000,
  );
  const killed = runners.find((r) => r.id === holder)!;
  const survivor = runners.find((r) => r.id !== holder)!;
  killed.signal("SIGKILL");
  await killed.exited;
  // The database's clock, as the event times are (timestamps without a zone, in UTC).
  const killedAt = (await db.query(`SELECT LOCALTIMESTAMP::text AS now`)).rows[0].now as string;
  const [final] = await allFinal(db, [id], 10 * 60_000);
  await reportTimeline(id, holder, killedAt);
  return { id, final: final!, killed, survivor };
}

/** For the record, not asserted: how long after the kill the job was handed back and claimed again. */
async function reportTimeline(id: string, holder: string, killedAt: string) {
  const { rows } = await db.query(
    `SELECT extract(epoch FROM min("createdAt") FILTER (WHERE data->>'text' LIKE '%stopped answering%')
                               - $2::timestamp)::float AS "handedBack",
            extract(epoch FROM max("createdAt") FILTER (WHERE data->>'status' = 'running')
                               - $2::timestamp)::float AS "claimed"
       FROM submission_event WHERE "submissionId" = $1`,
    [id, killedAt],
  );
  console.log(
    `${holder} killed: its job handed back after ${rows[0].handedBack.toFixed(1)} s, ` +
      `claimed by the other runner after ${rows[0].claimed.toFixed(1)} s`,
  );
}

function statusEvents(s: StoredSubmission, status: string): number[] {
  return s.events.flatMap((e, i) => (e.type === "status" && e.data.status === status ? [i] : []));
}

/** What the learner must see, whichever moment the runner died at. */
async function expectOneClearOutcome(
  s: StoredSubmission,
  killed: RunnerProcess,
  survivor: RunnerProcess,
): Promise<void> {
  const row = (await db.query(`SELECT "runnerId" FROM submission WHERE id = $1`, [s.id])).rows[0];
  expect(row.runnerId).toBe(survivor.id);
  // Claimed twice (the dead runner, then the survivor), closed once, with one result: the survivor's.
  const running = statusEvents(s, "running");
  expect(running).toHaveLength(2);
  expect(finalStatusEvents(s)).toHaveLength(1);
  expect(s.events.filter((e) => e.type === "result")).toHaveLength(1);
  expect(s.events.at(-1)!.type).toBe("status");

  // The lease, not pg-boss's 15-minute expiry, handed the job back: only the lease sweep writes this note, and it
  // comes before the survivor's claim.
  const note = `(${killed.id}) stopped answering; grading restarts on another runner]`;
  const noteAt = s.events.findIndex((e) => e.type === "log" && (e.data as { text?: string }).text?.includes(note));
  expect(noteAt).toBeGreaterThan(running[0]!);
  expect(noteAt).toBeLessThan(running[1]!);
  expect(s.log).toContain("[grading restarted");
  expect(survivor.output()).toContain(`${s.id}: runner ${killed.id} is dead, its job goes back to the queue`);

  // One retry of the queue's policy was spent, and the survivor's run completed the job.
  const job = await waitFor(
    "the job to be completed",
    async () => {
      const { rows } = await db.query(
        `SELECT j.state, j.retry_count FROM pgboss.job j JOIN submission s ON s."jobId" = j.id::text WHERE s.id = $1`,
        [s.id],
      );
      return rows[0]?.state === "completed" ? rows[0] : undefined;
    },
    60_000,
  );
  expect(job.retry_count).toBe(1);
}

// Each test starts a fleet, grades a job twice (a 30 s build, or a run phase to its deadline) and waits out a lease:
// more than the tier's default minute.
describe("kill -9 of a runner mid-job", () => {
  it("mid-build: the other runner retries the job within the lease and the learner sees one outcome", async () => {
    const { final, killed, survivor } = await killHolderWhen(
      ["kill-build-a", "kill-build-b"],
      "learner-build",
      "first-image",
      slowBuild(30),
      // The build phase has started and a RUN step is printing: the build is running.
      async (s) =>
        s.events.some((e) => e.type === "phase" && (e.data as { name?: string }).name === "build") &&
        s.log.includes("tick-2"),
    );
    expect(final.status).toBe("passed");
    await expectOneClearOutcome(final, killed, survivor);
    // Whatever the dead runner's build left in the engine is gone.
    expect(await resourcesOf(killed.id)).toBe(0);
  }, 240_000);

  it("mid-run: the dead runner's container is reaped though its submission is in flight again", async () => {
    const { final, killed, survivor } = await killHolderWhen(
      ["kill-run-a", "kill-run-b"],
      "learner-run",
      "layer-order",
      // Builds in seconds, then never answers its health check: its container runs for the run phase's deadline.
      [{ path: "Dockerfile", content: 'FROM python:3.11-slim\nCOPY app/ /app/\nCMD ["sleep", "600"]\n' }],
      async (s, holder) =>
        s.events.some((e) => e.type === "phase" && (e.data as { name?: string }).name === "run") &&
        (await resourcesOf(holder)) > 0,
    );
    expect(final.status).toBe("failed");
    await expectOneClearOutcome(final, killed, survivor);
    expect(await resourcesOf(killed.id)).toBe(0);
    // The survivor's reaper removed it (the retry's own clean-up comes later, after the queue's retry delay).
    expect(survivor.output()).toMatch(/reaper removed [1-9]\d* leftover resource/);
  }, 240_000);
});
