import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { closeShellConnections } from "../shell/testing/shell-fixtures";
import { recordLabTaskDone } from "./lab-store";
import { listLabs } from "./load-lab";
import { labFixtures } from "./testing/lab-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;
let labProgress: typeof import("./lab-progress").labProgress;
let labTasksDone: typeof import("./lab-progress").labTasksDone;

const VOLUMES = "keep-model-files";
const VOLUME_TASKS = ["create-volume", "train", "outlive", "serve", "remove-volume"];

beforeAll(async () => {
  database = await createTestDatabase("labprogress");
  // The functions use the app's shared pool, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ labProgress, labTasksDone } = await import("./lab-progress"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
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
    expect(Object.keys(before).length).toBe((await listLabs()).length);
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
  });
});
