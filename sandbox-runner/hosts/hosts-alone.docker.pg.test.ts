import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureHostLoginRole } from "../../lib/host-roles/host-roles";
import { notifySessionControl } from "../../lib/sessions/session-store";
import { shellAvailability } from "../../lib/shell/shell-availability";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import type { HostKind } from "../core/lib";
import { ignoreNotFound } from "../docker/docker-error";
import { engineClient } from "../docker/engine";
import { labHostProblem } from "../labs/lab-host";
import { type RunningRunner, startRunner } from "../runner";

/**
 * Each host of a runner started alone (RUNNER_HOSTS=grade, shell or lab) on one database, with a request of every
 * kind waiting: it serves its own kind and leaves the others to the hosts that serve them, and its heartbeat says
 * which host it runs, which is what the web side reads before offering a shell. Each connects as the login role
 * `npm start` would make for it (lib/host-roles/host-roles.ts: a member of `dockyard_runner` and of its host's group
 * only), so its kind is served with no privilege beyond its own; lib/host-roles/host-roles.pg.test.ts proves what
 * those roles are refused.
 */
const docker = engineClient();
const ENGINE_DIR = process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine";
/** Shared with the other lab tests: an image saved once serves every lab test on the machine. */
const IMAGE_CACHE = path.join(os.tmpdir(), "dockyard-lab-images");
const BASE_IMAGE = "debian:bookworm-slim";

let database: TestDatabase;
let db: pg.Pool;
let engineId: string;
let labsRoot: string;
let runner: RunningRunner | undefined;
let createSubmission: typeof import("../../lib/submissions/create-submission").createSubmission;
const keptTags: string[] = [];
/** Login roles are cluster-wide: this run's own, dropped at the end. */
const roles: string[] = [];
const timing = { heartbeat: process.env.RUNNER_HEARTBEAT_SECONDS, lease: process.env.RUNNER_LEASE_SECONDS };

beforeAll(async () => {
  database = await createTestDatabase("hosts_alone");
  process.env.DATABASE_URL = database.url;
  // Beats each second, so "it left the request alone" is seen over several beats in a few seconds.
  process.env.RUNNER_HEARTBEAT_SECONDS = "1";
  process.env.RUNNER_LEASE_SECONDS = "3";
  ({ createSubmission } = await import("../../lib/submissions/create-submission"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "learner" }]);
  engineId = (await docker.info()).ID as string;
  labsRoot = await mkdtemp(path.join(os.tmpdir(), "dockyard-hosts-alone-"));
});

afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

afterAll(async () => {
  for (const tag of keptTags) await ignoreNotFound(docker.getImage(tag).remove({ force: true }));
  await rm(labsRoot, { recursive: true, force: true });
  await Promise.all([closeAppConnections(), db?.end()]);
  await database?.drop();
  if (roles.length > 0) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    for (const name of roles) await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`);
    await admin.end();
  }
  process.env.RUNNER_HEARTBEAT_SECONDS = timing.heartbeat;
  process.env.RUNNER_LEASE_SECONDS = timing.lease;
  if (timing.heartbeat === undefined) delete process.env.RUNNER_HEARTBEAT_SECONDS;
  if (timing.lease === undefined) delete process.env.RUNNER_LEASE_SECONDS;
});

/** A graded submission whose image is kept on this engine, as the grading host leaves one for shells. */
async function keptSubmission(): Promise<string> {
  const id = `hosts-${randomUUID().slice(0, 8)}`;
  const tag = `dockyard-sub-${id}`;
  await docker.getImage(BASE_IMAGE).tag({ repo: tag, tag: "latest" });
  keptTags.push(tag);
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status)
     VALUES ($1, 'learner', 'first-image', '[]', 'passed')`,
    [id],
  );
  await db.query(
    `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
     VALUES ($1, $2, $3, now() + interval '1 hour')`,
    [id, engineId, tag],
  );
  return id;
}

/** One request of each kind, made as the web side makes them (a row, then a NOTIFY; a job on the queue). */
async function requestEveryKind() {
  const submission = (
    await createSubmission("learner", {
      exercise: "first-image",
      // Builds in a moment from a seeded base; whether it passes does not matter here.
      files: [{ path: "Dockerfile", content: `FROM ${BASE_IMAGE}\nCMD ["true"]\n` }],
    })
  ).id;
  const kept = await keptSubmission();
  const shell = (
    await db.query<{ id: string }>(
      `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId", cols, rows)
       VALUES (gen_random_uuid()::text, 'shell', 'learner', $1, $2, 80, 24) RETURNING id`,
      [kept, engineId],
    )
  ).rows[0]!.id;
  await notifySessionControl(db, { kind: "request", sessionId: shell, sessionKind: "shell", engineId });
  const lab = (
    await db.query<{ id: string }>(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", cols, rows)
       VALUES (gen_random_uuid()::text, 'lab', 'learner', 'connect-services-on-networks', 80, 24) RETURNING id`,
    )
  ).rows[0]!.id;
  await notifySessionControl(db, { kind: "request", sessionId: lab, sessionKind: "lab" });
  return { submission, kept, shell, lab };
}

type Requests = Awaited<ReturnType<typeof requestEveryKind>>;

/** Who took each request: the runner's id, or null while nobody has. */
async function takers(r: Requests): Promise<Record<HostKind, string | null>> {
  const one = async (sql: string, id: string) => (await db.query(sql, [id])).rows[0]?.runnerId ?? null;
  return {
    grade: await one(`SELECT "runnerId" FROM submission WHERE id = $1`, r.submission),
    shell: await one(`SELECT "runnerId" FROM sandbox_session WHERE id = $1`, r.shell),
    lab: await one(`SELECT "runnerId" FROM sandbox_session WHERE id = $1`, r.lab),
  };
}

/** The requests this test left unserved end here, so no later host picks them up. */
async function closeLeftovers(r: Requests) {
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE id = ANY($1) AND status = 'queued'`, [
    [r.shell, r.lab],
  ]);
  await db.query(`UPDATE submission SET status = 'withdrawn' WHERE id = $1 AND status = 'queued'`, [r.submission]);
}

async function serveAlone(kind: HostKind, expected: (r: Requests) => Promise<unknown>) {
  const id = `hosts-alone-${kind}`;
  const role = `dockyard_hosts_alone_${kind}_${randomBytes(3).toString("hex")}`;
  roles.push(role);
  const databaseUrl = await ensureHostLoginRole(database.url, {
    name: role,
    password: randomBytes(16).toString("hex"),
    hosts: [kind],
  });
  runner = await startRunner({
    databaseUrl,
    concurrency: 1,
    gpus: 0,
    id,
    hosts: [kind],
    labs: "on",
    labFolders: { labsRoot, imageCacheDir: IMAGE_CACHE },
    log: (line) => console.log(`[${id}] ${line}`),
  });
  expect(runner.hosts).toEqual([kind]);
  // Every connection the runner holds is its role's: this test's own are the owner's, and an earlier runner's may
  // still be closing.
  const { rows: users } = await db.query<{ usename: string }>(
    `SELECT DISTINCT usename FROM pg_stat_activity
     WHERE datname = current_database() AND usename <> current_user AND NOT usename = ANY($1)`,
    [roles.filter((r) => r !== role)],
  );
  expect(users.map((u) => u.usename)).toEqual([role]);
  const { rows } = await db.query(`SELECT hosts, queues, concurrency FROM runner_heartbeat WHERE id = $1`, [id]);
  expect(rows[0]).toEqual(
    kind === "grade"
      ? { hosts: ["grade"], queues: ["grade-cpu"], concurrency: 1 }
      : { hosts: [kind], queues: [], concurrency: 0 },
  );
  const requests = await requestEveryKind();
  await expect.poll(() => expected(requests), { timeout: 120_000, interval: 200 }).toBeTruthy();
  // Three more beats, each of which looks again for waiting work.
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  const taken = await takers(requests);
  const shellOffered = await shellAvailability(db, { id: requests.kept, status: "passed", result: null });
  await closeLeftovers(requests);
  return { id, taken, shellOffered };
}

describe("a runner with one host", () => {
  it("RUNNER_HOSTS=grade grades, and takes no shell or lab", async () => {
    const graded = async (r: Requests) =>
      ["passed", "failed"].includes(
        (await db.query(`SELECT status FROM submission WHERE id = $1`, [r.submission])).rows[0]?.status,
      );
    const { id, taken, shellOffered } = await serveAlone("grade", graded);
    expect(taken).toEqual({ grade: id, shell: null, lab: null });
    // The engine's runner grades but serves no shells, so the web side offers none there.
    expect(shellOffered).toMatchObject({ available: false, reason: "engine-offline" });
  });

  it("RUNNER_HOSTS=shell opens shells in the images kept on its engine, and grades nothing", async () => {
    const open = async (r: Requests) =>
      (await db.query(`SELECT status FROM sandbox_session WHERE id = $1`, [r.shell])).rows[0]?.status === "open";
    const { id, taken, shellOffered } = await serveAlone("shell", open);
    expect(taken).toEqual({ grade: null, shell: id, lab: null });
    expect(shellOffered).toMatchObject({ available: true, engineId });
  });

  it.runIf(process.getuid?.() === 0)("RUNNER_HOSTS=lab opens labs, and takes no job or shell", async () => {
    // This machine runs the other lab tests; a lab host it cannot be would be a failure of set-up, not a skip.
    expect(await labHostProblem(ENGINE_DIR)).toBeUndefined();
    const open = async (r: Requests) =>
      (await db.query(`SELECT status FROM sandbox_session WHERE id = $1`, [r.lab])).rows[0]?.status === "open";
    const { id, taken, shellOffered } = await serveAlone("lab", open);
    expect(taken).toEqual({ grade: null, shell: null, lab: id });
    expect(shellOffered).toMatchObject({ available: false, reason: "engine-offline" });
  });
});
