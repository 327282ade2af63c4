import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { runnersHealth } from "./liveness";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("liveness");
  db = new pg.Pool({ connectionString: database.url });
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

beforeEach(async () => {
  await db.query("DELETE FROM runner_heartbeat");
});

/** A runner row as its heartbeat writes it; `silentFor` makes it a runner whose lease ran out. */
async function runner(
  id: string,
  opts: {
    state?: string;
    engineProblem?: string;
    buildNetworkProblem?: string;
    silentFor?: string;
    hosts?: string[];
  } = {},
) {
  await db.query(
    `INSERT INTO runner_heartbeat
       (id, hostname, concurrency, gpus, queues, state, "engineProblem", "buildNetworkProblem", "lastSeenAt", hosts)
     VALUES ($1, 'h', 1, 0, '{grade-cpu}', $2, $3, $4, now() - $5::interval, $6)`,
    [
      id,
      opts.state ?? "running",
      opts.engineProblem ?? null,
      opts.buildNetworkProblem ?? null,
      opts.silentFor ?? "0 seconds",
      opts.hosts ?? ["grade", "shell"],
    ],
  );
}

describe("the runners' part of /api/health", () => {
  it("knows nothing of an engine while no runner takes jobs", async () => {
    await runner("dead", { silentFor: "5 minutes" });
    await runner("draining", { state: "draining" });
    // Live, but it grades nothing: its engine says nothing of grading's.
    await runner("labs-only", { hosts: ["lab"] });
    expect(await runnersHealth(db)).toEqual({
      activeRunners: 0,
      engine: { status: "unknown", reason: "no runner is taking jobs" },
      buildNetwork: { status: "unknown", reason: "no runner reaches its Docker engine" },
    });
  });

  it("reports the engine down, with the runner's reason, when no live runner reaches one", async () => {
    await runner("a", { engineProblem: "ECONNREFUSED: connect ECONNREFUSED /run/dockyard-engine/docker.sock" });
    // A dead runner's old answer does not count either way.
    await runner("gone", { silentFor: "5 minutes" });
    expect(await runnersHealth(db)).toEqual({
      activeRunners: 1,
      engine: {
        status: "down",
        reason: "runner a: ECONNREFUSED: connect ECONNREFUSED /run/dockyard-engine/docker.sock",
      },
      buildNetwork: { status: "unknown", reason: "no runner reaches its Docker engine" },
    });
  });

  it("reports the engine up while any live runner reaches its own", async () => {
    await runner("a", { engineProblem: "no answer within 3 s" });
    await runner("b");
    expect(await runnersHealth(db)).toEqual({
      activeRunners: 2,
      engine: { status: "up" },
      buildNetwork: { status: "up" },
    });
  });

  it("reports the build network down when no runner whose engine answers reaches the package mirror", async () => {
    const refused = "a build step could not fetch http://pypi-mirror:3141/simple/: Connection refused";
    await runner("a", { buildNetworkProblem: refused });
    // A runner without its engine says nothing about the mirror.
    await runner("b", { engineProblem: "no answer within 3 s" });
    expect(await runnersHealth(db)).toMatchObject({
      engine: { status: "up" },
      buildNetwork: { status: "down", reason: `runner a: ${refused}` },
    });
  });
});
