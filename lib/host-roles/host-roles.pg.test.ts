import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import type { HostKind } from "../config/env";
import { keptLabIdsAmong, readKeptLabSettings, removeExpiredKeptLabs } from "../labs/kept-lab-store";
import { labTasksDoneBefore } from "../labs/lab-tasks-done";
import { startBoss } from "../queue/boss";
import { QUEUES } from "../queue/queues";
import { appendSessionEvent, moveSession, pruneClosedSessionOutput } from "../sessions/session-store";
import { closeStrandedSessions } from "../sessions/stranded-sessions";
import { appendEvent } from "../submissions/event-log";
import { earlierImageSizes } from "../submissions/size-history";
import { transition } from "../submissions/transition";
import { ensureHostLoginRole, HOST_GROUP_ROLES, RUNNER_GROUP_ROLE } from "./host-roles";

/**
 * Each host kind's login role, made as `npm start` and scripts/host-role.ts make it, connected to a migrated
 * database: what a runner must never read (accounts, sign-in, LTI, institutions' secrets, the admin log, help
 * threads) answers "permission denied" whatever its hosts, and the statements its code runs work. The roles are
 * cluster-wide, so each run names its own and drops them at the end.
 */
let database: TestDatabase;
let owner: pg.Pool;
const suffix = randomBytes(4).toString("hex");
const made: string[] = [];
const pools: pg.Pool[] = [];

async function connectAs(hosts: HostKind[]): Promise<pg.Pool> {
  const name = `dockyard_test_${hosts.join("_")}_${suffix}`;
  made.push(name);
  const url = await ensureHostLoginRole(database.url, { name, password: randomBytes(16).toString("hex"), hosts });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => {});
  pools.push(pool);
  return pool;
}

let as: Record<HostKind | "all", pg.Pool>;

beforeAll(async () => {
  database = await createTestDatabase("host_roles");
  owner = new pg.Pool({ connectionString: database.url });
  await insertUsers(owner, [{ id: "learner" }]);
  as = {
    grade: await connectAs(["grade"]),
    shell: await connectAs(["shell"]),
    lab: await connectAs(["lab"]),
    all: await connectAs(["grade", "shell", "lab"]),
  };
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await owner?.end();
  await database?.drop();
  // After the database: nothing in the cluster refers to the roles any more (their grants were its memberships).
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  for (const name of made) await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(name)}`);
  await admin.end();
});

/** Every table of the schema a runner must not read: the people, their sign-in and the secrets of the platform. */
async function forbiddenTables(): Promise<string[]> {
  const { rows } = await owner.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND (table_name LIKE 'lti\\_%' OR table_name LIKE 'institution%'
       OR table_name LIKE 'sign\\_in\\_%' OR table_name = ANY($1))
     ORDER BY 1`,
    [
      [
        "user",
        "account",
        "session",
        "verification",
        "admin_action",
        "help_request",
        "help_message",
        "class",
        "class_member",
        "class_invite",
        "submission_comment",
        "rubric_grade",
        "score_override",
      ],
    ],
  );
  return rows.map((r) => r.name);
}

describe("the runner's roles", () => {
  it("are refused the accounts, sign-in, LTI and institution tables, whatever hosts they run", async () => {
    const tables = await forbiddenTables();
    // The list is read from the schema; these must be in it, or the test would prove nothing about them.
    expect(tables).toEqual(
      expect.arrayContaining(["user", "account", "session", "lti_tool_key", "lti_platform", "institution"]),
    );
    expect(tables.filter((t) => t.startsWith("lti_")).length).toBeGreaterThanOrEqual(8);
    for (const [who, db] of Object.entries(as)) {
      for (const table of tables) {
        await expect(
          db.query(`SELECT * FROM ${pg.escapeIdentifier(table)} LIMIT 1`),
          `${who} reading ${table}`,
        ).rejects.toThrow(/permission denied/);
        await expect(db.query(`DELETE FROM ${pg.escapeIdentifier(table)}`), `${who} deleting ${table}`).rejects.toThrow(
          /permission denied/,
        );
      }
      // Nor can it make anything of its own, or give itself more.
      await expect(db.query(`CREATE TABLE mine (x int)`), who).rejects.toThrow(/permission denied/);
      await expect(db.query(`GRANT ${HOST_GROUP_ROLES.grade} TO CURRENT_USER`), who).rejects.toThrow(
        /permission denied|must have admin option/,
      );
    }
  });

  it("are members of dockyard_runner and of their hosts' groups only, also after RUNNER_HOSTS changes", async () => {
    const groups = async (name: string) =>
      (
        await owner.query<{ name: string }>(
          `SELECT g.rolname AS name FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
           JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1 ORDER BY 1`,
          [name],
        )
      ).rows.map((r) => r.name);
    const name = `dockyard_test_changing_${suffix}`;
    made.push(name);
    const password = randomBytes(16).toString("hex");
    await ensureHostLoginRole(database.url, { name, password, hosts: ["grade", "shell"] });
    expect(await groups(name)).toEqual(["dockyard_grading_host", RUNNER_GROUP_ROLE, "dockyard_shell_host"]);
    await ensureHostLoginRole(database.url, { name, password, hosts: ["lab"] });
    expect(await groups(name)).toEqual(["dockyard_lab_host", RUNNER_GROUP_ROLE]);
  });

  it("let every host beat, sweep stranded sessions and prune their output, and nothing of a submission's", async () => {
    for (const kind of ["grade", "shell", "lab"] as const) {
      const db = as[kind];
      await db.query(
        `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, "activeJobs", state, hosts)
         VALUES ($1, 'h', 0, 0, '{}', 0, 'running', $2)
         ON CONFLICT (id) DO UPDATE SET "lastSeenAt" = now(), hosts = $2`,
        [`r-${kind}`, [kind]],
      );
      await db.query(`UPDATE runner_heartbeat SET "lastSeenAt" = now() WHERE id = $1`, [`r-${kind}`]);
      await expect(closeStrandedSessions(db)).resolves.toEqual(expect.any(Array));
      await expect(pruneClosedSessionOutput(db)).resolves.toEqual(expect.any(Number));
      await expect(db.query(`SELECT id, status, "runnerId" FROM submission`)).resolves.toBeTruthy();
      // The reaper's kept-image rule removes an expired one.
      await expect(db.query(`DELETE FROM kept_image WHERE "keptUntil" <= now() AND false`)).resolves.toBeTruthy();
      await expect(db.query(`DELETE FROM runner_heartbeat`), kind).rejects.toThrow(/permission denied/);
    }
    for (const kind of ["shell", "lab"] as const) {
      await expect(as[kind].query(`SELECT files FROM submission`), kind).rejects.toThrow(/permission denied/);
      await expect(as[kind].query(`UPDATE submission SET status = 'error'`), kind).rejects.toThrow(/permission denied/);
      await expect(as[kind].query(`SELECT * FROM pgboss.job`), kind).rejects.toThrow(/permission denied/);
    }
  });

  it("let the grading host grade: read a submission, move it, log its events, keep its image", async () => {
    const db = as.grade;
    await owner.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status)
       VALUES ('s1', 'learner', 'x', '[]', 'queued')`,
    );
    await expect(db.query(`SELECT id, "userId", "exerciseSlug", files FROM submission`)).resolves.toMatchObject({
      rowCount: 1,
    });
    await expect(earlierImageSizes(db, "s1")).resolves.toEqual(expect.any(Array));
    expect(await transition(db, "s1", { to: "running", runnerId: "r-grade" })).toMatchObject({ moved: true });
    await appendEvent(db, "s1", { type: "log", data: { text: "hello" } });
    expect(await transition(db, "s1", { to: "error", errorMessage: "test" })).toMatchObject({ moved: true });
    await db.query(
      `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil") VALUES ('s1', 'e', 't', now())
       ON CONFLICT ("submissionId") DO UPDATE SET tag = EXCLUDED.tag, "keptUntil" = EXCLUDED."keptUntil"`,
    );
    // Only the columns a status move writes: never who submitted it, nor its files.
    await expect(db.query(`UPDATE submission SET "userId" = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(db.query(`UPDATE submission SET files = '[]'`)).rejects.toThrow(/permission denied/);
    await expect(db.query(`SELECT * FROM kept_lab`)).rejects.toThrow(/permission denied/);
    await expect(db.query(`SELECT * FROM sandbox_session`)).resolves.toBeTruthy();
  });

  it("let the grading host's pg-boss supervise, fetch and complete jobs the web app sent", async () => {
    const web = await startBoss(database.url, { supervise: false });
    const name = `dockyard_test_boss_${suffix}`;
    made.push(name);
    const url = await ensureHostLoginRole(database.url, {
      name,
      password: randomBytes(16).toString("hex"),
      hosts: ["grade"],
    });
    const boss = await startBoss(url, { supervise: true });
    const errors: Error[] = [];
    boss.on("error", (err) => errors.push(err));
    try {
      const id = await web.send(QUEUES.cpu, { submissionId: "s1" });
      const [job] = await boss.fetch(QUEUES.cpu);
      expect(job?.id).toBe(id);
      await boss.complete(QUEUES.cpu, id!);
      // A maintenance pass as the supervising runner runs it (expiry, archiving, dropping) and its state counts.
      await boss.maintain();
      await (boss as unknown as { countStates(): Promise<unknown> }).countStates();
      await boss.getQueues();
      await boss.deleteJob(QUEUES.cpu, id!);
      expect(errors).toEqual([]);
    } finally {
      await boss.stop({ graceful: false, wait: true, close: true });
      await web.stop({ graceful: false, wait: true, close: true });
    }
  });

  it("let the shell host read its session's submission and kept image", async () => {
    const db = as.shell;
    await owner.query(
      `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId", cols, rows)
       VALUES ('sh1', 'shell', 'learner', 's1', 'e', 80, 24)`,
    );
    await expect(
      db.query(
        `SELECT s.cols, s.rows, s."submissionId", sub."exerciseSlug", k.tag, k."engineId" AS "keptEngine"
         FROM sandbox_session s JOIN submission sub ON sub.id = s."submissionId"
         LEFT JOIN kept_image k ON k."submissionId" = s."submissionId" WHERE s.id = $1`,
        ["sh1"],
      ),
    ).resolves.toMatchObject({ rowCount: 1 });
    expect(await moveSession(db, "sh1", { to: "starting", runnerId: "r-shell" })).toMatchObject({ moved: true });
    expect(await moveSession(db, "sh1", { to: "open" })).toMatchObject({ moved: true });
    await appendSessionEvent(db, "sh1", { type: "output", data: { text: "$ " } } as never);
    expect(await moveSession(db, "sh1", { to: "closed", reason: "done" })).toMatchObject({ moved: true });
    await expect(
      db.query(`INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
      VALUES ('s1', 'e', 't', now())`),
    ).rejects.toThrow(/permission denied/);
    await expect(db.query(`UPDATE sandbox_session SET "userId" = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(db.query(`SELECT * FROM kept_lab`)).rejects.toThrow(/permission denied/);
  });

  it("let the lab host keep labs and read what earlier sessions did, but not write lab credit", async () => {
    const db = as.lab;
    await owner.query(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", cols, rows)
       VALUES ('lab1', 'lab', 'learner', 'some-lab', 80, 24)`,
    );
    await expect(readKeptLabSettings(db)).resolves.toBeTruthy();
    await expect(labTasksDoneBefore(db, "lab1")).resolves.toEqual([]);
    await expect(removeExpiredKeptLabs(db)).resolves.toEqual([]);
    await expect(keptLabIdsAmong(db, ["nope"])).resolves.toEqual(new Set());
    // Where the web's course policy has got to is read (labTasksDoneBefore above), never moved.
    await expect(db.query(`UPDATE course_policy_cursor SET tx = 0`)).rejects.toThrow(/permission denied/);
    await expect(
      db.query(
        `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId") VALUES ('learner', 'l', 't', 'lab1')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(db.query(`UPDATE lab_settings SET "keptDays" = 1`)).rejects.toThrow(/permission denied/);
    await expect(db.query(`SELECT * FROM submission_event`)).rejects.toThrow(/permission denied/);
  });
});
