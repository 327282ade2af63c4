import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { appendSessionEvent } from "../sessions/session-store";
import { closeShellConnections } from "../shell/testing/shell-fixtures";
import { labTasksDoneBefore, recordLabTaskDone } from "./lab-tasks-done";
import { listGradedLabs, listLabs } from "./load-lab";
import { labFixtures } from "./testing/lab-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;
let labProgress: typeof import("./lab-progress").labProgress;
let labTasksDone: typeof import("./lab-progress").labTasksDone;
let labSessions: typeof import("./lab-progress").labSessions;
let labTasksDoneByLab: typeof import("./lab-progress").labTasksDoneByLab;
let liveLab: typeof import("./lab-view").liveLab;

const VOLUMES = "keep-model-files";
const VOLUME_TASKS = ["create-volume", "train", "outlive", "serve", "remove-volume"];

beforeAll(async () => {
  database = await createTestDatabase("labprogress");
  // The functions use the app's shared pool, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ labProgress, labTasksDone, labSessions, labTasksDoneByLab } = await import("./lab-progress"));
  ({ liveLab } = await import("./lab-view"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }, { id: "carl" }, { id: "dana" }]);
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end()]);
  await database?.drop();
});

describe("labProgress and labTasksDone", () => {
  it("counts each lab's tasks done over every session, and finishes a lab when all are done", async () => {
    expect((await listLabs()).find((l) => l.slug === VOLUMES)?.spec.tasks.map((t) => t.id)).toEqual(VOLUME_TASKS);
    const first = await fixtures.lab("alice", { slug: VOLUMES, status: "closed" });
    await recordLabTaskDone(db, first, "create-volume");
    await recordLabTaskDone(db, first, "train");
    // A task the content no longer has counts for nothing.
    await recordLabTaskDone(db, first, "gone-task");

    const before = await labProgress("alice");
    // Every lab with tasks; the playground has none, so no progress, even when the caller's list has it.
    expect(Object.keys(before).sort()).toEqual((await listGradedLabs()).map((l) => l.slug).sort());
    expect(before.playground).toBeUndefined();
    expect((await labProgress("alice", await listLabs())).playground).toBeUndefined();
    expect(before[VOLUMES]).toEqual({ slug: VOLUMES, done: 2, total: 5, finished: false, finishedAt: null });
    expect(before["debug-a-crashing-container"]).toMatchObject({ done: 0, finished: false });
    expect((await labTasksDone("alice", VOLUMES)).sort()).toEqual(["create-volume", "gone-task", "train"]);

    // A second session of the same lab carries on; doing a task again keeps its first date.
    const second = await fixtures.lab("alice", { slug: VOLUMES, status: "open", runnerId: "h" });
    expect(await recordLabTaskDone(db, second, "train")).toBe(false);
    for (const task of ["outlive", "serve", "remove-volume"]) await recordLabTaskDone(db, second, task);
    const after = (await labProgress("alice"))[VOLUMES]!;
    expect(after).toMatchObject({ done: 5, total: 5, finished: true, finishedAt: expect.any(String) });
    const { rows } = await db.query(
      `SELECT max("doneAt") AS last FROM lab_task_done WHERE "userId" = 'alice' AND "taskId" = 'remove-volume'`,
    );
    expect(after.finishedAt).toBe(rows[0].last.toISOString());

    expect((await labProgress("bob"))[VOLUMES]).toMatchObject({ done: 0, finished: false });
    expect(await labTasksDone("bob", VOLUMES)).toEqual([]);

    // What a new session's watcher starts from (a task that needs one of these is judged at once): the session's
    // learner's tasks of the session's lab, from any session, and no one else's.
    const third = await fixtures.lab("alice", { slug: VOLUMES, status: "starting", runnerId: "h" });
    expect((await labTasksDoneBefore(db, third)).sort()).toEqual([...VOLUME_TASKS, "gone-task"].sort());
    const bobs = await fixtures.lab("bob", { slug: VOLUMES, status: "starting", runnerId: "h" });
    expect(await labTasksDoneBefore(db, bobs)).toEqual([]);
    const otherLab = await fixtures.lab("alice", {
      slug: "debug-a-crashing-container",
      status: "starting",
      runnerId: "h",
    });
    expect(await labTasksDoneBefore(db, otherLab)).toEqual([]);

    // What the static pages count against each lab's tasks: a learner's own, by lab, every id as recorded.
    expect(await labTasksDoneByLab("alice")).toEqual({ [VOLUMES]: [...VOLUME_TASKS, "gone-task"].sort() });
    expect(await labTasksDoneByLab("bob")).toEqual({});
  });

  it("counts a task reported done before the course policy records it, not one reported undone", async () => {
    const session = await fixtures.lab("dana", { slug: VOLUMES, status: "open", runnerId: "h" });
    await appendSessionEvent(db, session, { type: "task", data: { id: "train", done: true, found: "trained" } });
    await appendSessionEvent(db, session, { type: "task", data: { id: "serve", done: false, found: "not yet" } });
    expect(await labTasksDone("dana", VOLUMES)).toEqual(["train"]);
    expect(await labTasksDoneByLab("dana")).toEqual({ [VOLUMES]: ["train"] });
    // The lab page's progress and a lab resumed at that moment read the same answer.
    expect((await labProgress("dana"))[VOLUMES]).toMatchObject({ done: 1, finished: false });
    expect(await labTasksDoneBefore(db, session)).toEqual(["train"]);
    // Recorded since, and reported again in a later session: still once, at its first time.
    await recordLabTaskDone(db, session, "train");
    const later = await fixtures.lab("dana", { slug: VOLUMES, status: "open", runnerId: "h" });
    await appendSessionEvent(db, later, { type: "task", data: { id: "create-volume", done: true, found: "made" } });
    expect(await labTasksDone("dana", VOLUMES)).toEqual(["train", "create-volume"]);
  });
});

describe("liveLab", () => {
  it("is the learner's lab waiting or running on a live host, and never another learner's", async () => {
    await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE "userId" = 'alice'`);
    expect(await liveLab("alice")).toBeNull();
    // Open on host "h", which has never sent a heartbeat: its lab is gone, as starting a lab would find it.
    await fixtures.lab("alice", { slug: VOLUMES, status: "open", runnerId: "h" });
    expect(await liveLab("alice")).toBeNull();
    await fixtures.lab("alice", { slug: VOLUMES, status: "queued" });
    expect(await liveLab("alice")).toEqual({ slug: VOLUMES, status: "queued" });
    expect(await liveLab("nobody")).toBeNull();
    await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE "userId" = 'alice'`);
  });
});

describe("labSessions", () => {
  const NETWORKS = "connect-services-on-networks";

  it("counts a learner's sessions of each lab they asked for, and gives the latest as it stands", async () => {
    // Carl's first networks lab opened and closed; he asked again and waits in the queue.
    const closed = await fixtures.lab("carl", { slug: NETWORKS, status: "open", runnerId: "h", age: "3 hours" });
    await db.query(
      `UPDATE sandbox_session SET status = 'closed', "openedAt" = now() - interval '170 minutes',
              "closedAt" = now() - interval '2 hours', "closeReason" = 'Closed after 20 minutes without a keystroke.'
        WHERE id = $1`,
      [closed],
    );
    await fixtures.lab("carl", { slug: NETWORKS, status: "queued", age: "1 minute" });
    // A lab the course no longer has still happened.
    await fixtures.lab("carl", { slug: "a-retired-lab", status: "closed", age: "2 days" });
    // Another learner's sessions are not his.
    await fixtures.lab("bob", { slug: NETWORKS, status: "open", runnerId: "h" });

    const sessions = await labSessions("carl");
    expect(Object.keys(sessions).sort()).toEqual(["a-retired-lab", NETWORKS]);
    const networks = sessions[NETWORKS]!;
    expect(networks).toMatchObject({
      slug: NETWORKS,
      sessions: 2,
      last: { status: "queued", openedAt: null, closedAt: null, closeReason: null },
    });
    expect(Date.now() - networks.last.createdAt.getTime()).toBeGreaterThan(30_000);
    expect(Date.now() - networks.last.createdAt.getTime()).toBeLessThan(5 * 60_000);
    expect(sessions["a-retired-lab"]).toMatchObject({ sessions: 1, last: { status: "closed" } });

    // Once the queued one is gone, the closed one is the latest, with when it opened and closed and why.
    await db.query(`DELETE FROM sandbox_session WHERE "userId" = 'carl' AND status = 'queued'`);
    const { last } = (await labSessions("carl"))[NETWORKS]!;
    expect(last).toMatchObject({ status: "closed", closeReason: "Closed after 20 minutes without a keystroke." });
    expect(Math.round((Date.now() - last.openedAt!.getTime()) / 60_000)).toBe(170);
    expect(Math.round((Date.now() - last.closedAt!.getTime()) / 60_000)).toBe(120);

    expect(await labSessions("nobody")).toEqual({});
  });
});
