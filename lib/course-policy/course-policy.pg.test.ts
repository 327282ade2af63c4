import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { createPrismaClient } from "../db/client";
import type { ResultDocument } from "../grading/result-schema";
import { appendSessionEvent } from "../sessions/session-store";
import { openSubmission, transition } from "../submissions/transition";

// What a sandbox host reports (a status move, a task event, an engine snapshot) decides nothing by itself: the web's
// course-policy pass turns it into credit, LMS scores due and help snapshots, each once, whatever order commits land.
let database: TestDatabase;
let db: pg.Pool;
let prisma: ReturnType<typeof createPrismaClient>;
let applyCoursePolicy: typeof import("./course-policy").applyCoursePolicy;
let settle: (db: pg.Pool) => ReturnType<typeof import("./testing/settle-course-policy").settleCoursePolicy>;

const LAB = "network-basics";
const EXERCISE = "first-image";

beforeAll(async () => {
  database = await createTestDatabase("policy");
  process.env.DATABASE_URL = database.url;
  ({ applyCoursePolicy } = await import("./course-policy"));
  ({ settleCoursePolicy: settle } = await import("./testing/settle-course-policy"));
  db = new pg.Pool({ connectionString: database.url });
  prisma = createPrismaClient(database.url);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
  await insertClass(db, { id: "c1", learners: ["alice"] });
  await db.query(
    `INSERT INTO lti_platform (id, name, issuer, "clientId", "deploymentIds", "authLoginUrl", "tokenUrl", "jwksUrl",
       "updatedAt")
     VALUES ('p1', 'LMS', 'https://lms.test', 'tool', '{}', 'https://lms.test/a', 'https://lms.test/t',
       'https://lms.test/k', now())`,
  );
  await db.query(
    `INSERT INTO lti_account ("platformId", sub, "userId", "linkedHow", "addressProven")
     VALUES ('p1', 'sub-alice', 'alice', 'new_account', false)`,
  );
  await db.query(
    `INSERT INTO lti_link (id, "platformId", "resourceLinkId", "classId", kind, "itemSlug", "lineItemUrl") VALUES
       ('link-exercise', 'p1', 'rl-1', 'c1', 'exercise', $1, 'https://lms.test/items/1'),
       ('link-lab', 'p1', 'rl-2', 'c1', 'lab', $2, 'https://lms.test/items/2')`,
    [EXERCISE, LAB],
  );
});

afterAll(async () => {
  await Promise.all([db?.end(), prisma?.$disconnect()]);
  await database?.drop();
});

const due = async () =>
  (await db.query<{ linkId: string }>(`SELECT "linkId" FROM lti_score_sync WHERE "dueSince" IS NOT NULL`)).rows
    .map((r) => r.linkId)
    .sort();
const credit = async () =>
  (await db.query<{ taskId: string }>(`SELECT "taskId" FROM lab_task_done ORDER BY "taskId"`)).rows.map(
    (r) => r.taskId,
  );
const clearDue = () => db.query(`DELETE FROM lti_score_sync`);

async function labSession(id: string, userId = "alice"): Promise<string> {
  await db.query(
    `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status) VALUES ($1, 'lab', $2, $3, 'open')`,
    [id, userId, LAB],
  );
  return id;
}

const taskEvent = (id: string, done: boolean) => ({ type: "task" as const, data: { id, done, found: "found" } });

function result(status: "passed" | "failed"): ResultDocument {
  return {
    version: 2,
    submissionId: "s",
    exercise: EXERCISE,
    status,
    score: 1,
    phases: [],
    checks: [],
    logTruncated: true,
  };
}

describe("applyCoursePolicy", () => {
  it("makes a graded attempt's LMS score due once, from its status event, not from the moves before", async () => {
    const { id } = await prisma.$transaction((tx) =>
      openSubmission(tx, { userId: "alice", exerciseSlug: EXERCISE, files: [] }),
    );
    await transition(db, id, { to: "running", runnerId: "r1" });
    // The move itself marks nothing: the host that graded it decides no course policy.
    await transition(db, id, { to: "failed", result: result("failed") });
    expect(await due()).toEqual([]);
    expect(await settle(db)).toMatchObject({ graded: 1, labTasks: 0, snapshots: 0 });
    expect(await due()).toEqual(["link-exercise"]);
    await clearDue();
    expect(await settle(db)).toMatchObject({ graded: 0 });
    expect(await due()).toEqual([]);
  });

  it("records a task a host reported done as the learner's, once, and marks the lab's LMS score due", async () => {
    const session = await labSession("lab-1");
    await appendSessionEvent(db, session, taskEvent("create-network", false));
    await appendSessionEvent(db, session, taskEvent("run-features", true));
    expect(await credit()).toEqual([]);
    expect(await settle(db)).toMatchObject({ labTasks: 1 });
    expect(await credit()).toEqual(["run-features"]);
    expect(await due()).toEqual(["link-lab"]);
    await clearDue();
    // The same task done again (a later session) keeps its first date and sends nothing new.
    await appendSessionEvent(db, await labSession("lab-2"), taskEvent("run-features", true));
    expect(await settle(db)).toMatchObject({ labTasks: 0 });
    expect(await due()).toEqual([]);
  });

  it("waits for a transaction still writing before passing later ones' events, so none is skipped", async () => {
    const session = await labSession("lab-3");
    const slow = await db.connect();
    try {
      await slow.query("BEGIN");
      // Written first, committed last: its id is the smaller, and a pass in between must not step over it. Nothing
      // after the oldest transaction still running is taken yet.
      await appendSessionEvent(slow, session, taskEvent("slow-task", true));
      await appendSessionEvent(db, session, taskEvent("quick-task", true));
      expect(await applyCoursePolicy(db)).toMatchObject({ labTasks: 0 });
      expect(await credit()).not.toContain("quick-task");
      await slow.query("COMMIT");
    } finally {
      slow.release();
    }
    expect(await settle(db)).toMatchObject({ labTasks: 2 });
    expect(await credit()).toEqual(expect.arrayContaining(["quick-task", "slow-task"]));
  });

  it("files a lab's engine snapshot in the help request that asked it, from that lab alone", async () => {
    const session = await labSession("lab-4");
    const other = await labSession("lab-5", "bob");
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO help_request (id, "userId", kind, "itemSlug", "sessionId", question, snapshot)
       VALUES ('help-1', 'alice', 'lab', $1, $2, 'why?', '{}'::jsonb) RETURNING id`,
      [LAB, session],
    );
    const helpId = rows[0]!.id;
    const engine = async () =>
      (await db.query(`SELECT snapshot->'engine' AS engine FROM help_request WHERE id = $1`, [helpId])).rows[0].engine;
    const unread = { kind: "unread", readAt: new Date().toISOString(), reason: "the lab was not open when you asked" };
    // Another learner's lab naming this request is not its lab.
    await appendSessionEvent(db, other, { type: "snapshot", data: { helpId, engine: unread } });
    expect(await settle(db)).toMatchObject({ snapshots: 0 });
    expect(await engine()).toBeNull();
    await appendSessionEvent(db, session, { type: "snapshot", data: { helpId, engine: unread } });
    expect(await settle(db)).toMatchObject({ snapshots: 1 });
    expect(await engine()).toEqual(unread);
    // A report that does not parse is filed as unread, with why, never as a guess.
    await appendSessionEvent(db, session, { type: "snapshot", data: { helpId, engine: { kind: "read" } } });
    await settle(db);
    expect(await engine()).toMatchObject({ kind: "unread", reason: expect.stringContaining("could not be read") });
  });

  it("closes a live lab whose timed assessment has ended", async () => {
    const session = await labSession("lab-6");
    await db.query(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "timeLimitMinutes", "updatedAt")
       VALUES ('a1', 'c1', 'lab', $1, now() + interval '1 day', '{}'::jsonb, 30, now())`,
      [LAB],
    );
    await db.query(
      `INSERT INTO timed_window ("assignmentId", "userId", "startedAt", "endsAt")
       VALUES ('a1', 'alice', now() - interval '2 hours', now() - interval '1 hour')`,
    );
    await db.query(`UPDATE sandbox_session SET "createdAt" = now() - interval '90 minutes' WHERE id = $1`, [session]);
    await db.query(`UPDATE sandbox_session SET status = 'queued' WHERE id = $1`, [session]);
    expect(await settle(db)).toMatchObject({ timedLabsClosed: 1 });
    const { rows } = await db.query(`SELECT status FROM sandbox_session WHERE id = $1`, [session]);
    expect(rows[0].status).toBe("closed");
  });
});
