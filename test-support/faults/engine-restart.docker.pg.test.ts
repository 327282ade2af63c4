import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEndpoint } from "../../sandbox-runner/docker/engine";
import { type RunningRunner, startRunner } from "../../sandbox-runner/runner";
import { closeAppConnections } from "../db/close-app-connections";
import { insertUsers } from "../db/insert-users";
import { createTestDatabase } from "../db/test-database";
import { allFinal, finalStatusEvents, readSubmission, slowMirrorBuild, waitFor } from "./testing/fault-harness";

/**
 * The Docker engine killed (kill -9) and started again while a submission builds, as `npm start`'s supervisor starts
 * an engine that died (e2e/platform-faults.e2e.ts does it under the supervisor), and another submitted at once. Only
 * Dockyard's own engine, as root, may be restarted by a test; an operator's engine (DOCKER_HOST) is never touched.
 * The engine is shared: whoever runs this holds the engine for the whole file (helpers: `flock -o /tmp/engine.lock`;
 * -o, or the restarted daemon inherits the lock).
 */
const run = promisify(execFile);
/** Must match DOCKYARD_ENGINE_PIDFILE in scripts/engine/engine-env.sh. */
const ENGINE_PIDFILE = "/run/dockyard-engine/dockerd.pid";
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
  await insertUsers(db, [{ id: "learner" }, { id: "other" }]);
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

describe.runIf(canRestartEngine)("the Docker engine killed mid-build", () => {
  it("grades the interrupted submission once the engine is back, and one submitted at once after", async () => {
    const submit = (learner: string, files: { path: string; content: string }[]) =>
      createSubmission(learner, { exercise: "first-image", files }).then((s) => s.id);
    // Both builds install from the package mirror: the false fail was a pip step that could not reach it
    // after the engine came back.
    const interrupted = await submit("learner", slowMirrorBuild(60, `interrupted-${process.pid}`));
    await waitFor(
      "the build to be under way",
      async () => ((await readSubmission(db, interrupted)).log.includes("tick-2") ? true : undefined),
      120_000,
    );
    // As the issue did it: kill -9, then the engine started again the way `npm start`'s supervisor does.
    process.kill(Number(readFileSync(ENGINE_PIDFILE, "utf8").trim()), "SIGKILL");
    await run("bash", ["scripts/ensure-docker.sh"]);
    const next = await submit("other", slowMirrorBuild(1, `next-${process.pid}`));

    // Not an `error` the learner must resubmit, nor a fail: grading started over on the engine that came back.
    const [outcome, graded] = await allFinal(db, [interrupted, next], 420_000);
    expect(outcome!.status, outcome!.errorMessage ?? outcome!.log.slice(-2000)).toBe("passed");
    expect(outcome!.log).toContain(
      "[the grading machine's Docker engine stopped; grading starts over once it is back]",
    );
    // The learner's stream ends once, on the grade.
    expect(finalStatusEvents(outcome!)).toEqual([{ type: "status", data: { status: "passed" } }]);
    expect(outcome!.events.at(-1)?.type).toBe("status");
    expect(graded!.status, graded!.errorMessage ?? graded!.log.slice(-2000)).toBe("passed");
  }, 600_000);
});
