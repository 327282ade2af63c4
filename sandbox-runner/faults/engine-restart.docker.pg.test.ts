import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { engineEndpoint } from "../docker/engine";
import { type RunningRunner, startRunner } from "../runner";
import { allFinal, finalStatusEvents, quickBuild, readSubmission, slowBuild, waitFor } from "./testing/fault-harness";

/**
 * The Docker engine stopped and started again while a submission builds: the engine's own scripts do it, as an
 * operator would, or `npm start`'s supervisor for an engine that died (e2e/platform-faults.e2e.ts kills it). Only
 * Dockyard's own engine, as root, may be restarted by a test; an operator's engine (DOCKER_HOST) is never touched.
 * The engine is shared: whoever runs this holds the engine for the whole file (helpers: `flock -o /tmp/engine.lock`;
 * -o, or the restarted daemon inherits the lock).
 */
const run = promisify(execFile);
const canRestartEngine = engineEndpoint().own && process.getuid?.() === 0;

let db: pg.Pool;
let drop: () => Promise<void>;
let runner: RunningRunner | undefined;
let createSubmission: typeof import("../../lib/submissions/create-submission").createSubmission;

beforeAll(async () => {
  if (!canRestartEngine) return;
  const database = await createTestDatabase("engine_restart");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("../../lib/submissions/create-submission"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "learner" }]);
  runner = await startRunner({ databaseUrl: database.url, concurrency: 1, gpus: 0, id: "faults-engine-restart" });
});

afterAll(async () => {
  // The engine is left running whatever happened, for the tests after this one.
  if (canRestartEngine) await run("bash", ["scripts/ensure-docker.sh"]);
  await runner?.stop();
  if (!canRestartEngine) return;
  await Promise.all([closeAppConnections(), db?.end()]);
  await drop?.();
});

describe.runIf(canRestartEngine)("the Docker engine restarted mid-build", () => {
  it("grades the interrupted submission once the engine is back, and the next one", async () => {
    const submit = (files: { path: string; content: string }[]) =>
      createSubmission("learner", { exercise: "first-image", files }).then((s) => s.id);
    const interrupted = await submit(slowBuild(60));
    await waitFor(
      "the build to be under way",
      async () => ((await readSubmission(db, interrupted)).log.includes("tick-2") ? true : undefined),
      120_000,
    );
    await run("bash", ["scripts/stop-docker.sh"]);
    await run("bash", ["scripts/ensure-docker.sh"]);

    // Not an `error` the learner must resubmit: grading started over on the engine that came back.
    const [outcome] = await allFinal(db, [interrupted], 300_000);
    expect(outcome!.status, outcome!.errorMessage ?? "").toBe("passed");
    expect(outcome!.log).toContain(
      "[the grading machine's Docker engine stopped; grading starts over once it is back]",
    );
    // The learner's stream ends once, on the grade.
    expect(finalStatusEvents(outcome!)).toEqual([{ type: "status", data: { status: "passed" } }]);
    expect(outcome!.events.at(-1)?.type).toBe("status");

    // The same runner, on the restarted engine, grades the learner's next attempt.
    const next = await submit(quickBuild("after-engine-restart"));
    const [graded] = await allFinal(db, [next], 180_000);
    expect(graded!.status).toBe("passed");
  }, 600_000);
});
