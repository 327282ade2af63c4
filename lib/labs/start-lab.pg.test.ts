import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { listSessionEventsAfter, moveSession } from "../sessions/session-store";
import { listenToSessionControl } from "../sessions/testing/session-control-listener";
import { closeShellConnections, user } from "../shell/testing/shell-fixtures";
import { recordLabTaskDone } from "./lab-tasks-done";
import { labFixtures } from "./testing/lab-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;
let control: Awaited<ReturnType<typeof listenToSessionControl>>;
let startLab: typeof import("./start-lab").startLab;
let closeSession: typeof import("../sessions/close-session").closeSession;
let getSession: typeof import("../sessions/get-session").getSession;
let labView: typeof import("./lab-view").labView;

const size = { cols: 100, rows: 30 };
const alice = user("alice");
const VOLUMES = "keep-model-files";
const CRASHING = "debug-a-crashing-container";

beforeAll(async () => {
  database = await createTestDatabase("startlab");
  // The functions use the app's shared pool, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ startLab } = await import("./start-lab"));
  ({ closeSession } = await import("../sessions/close-session"));
  ({ getSession } = await import("../sessions/get-session"));
  ({ labView } = await import("./lab-view"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }, { id: "carol" }, { id: "dave" }]);
  control = await listenToSessionControl(database.url);
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end(), control?.end()]);
  await database?.drop();
});

async function liveLabsOf(userId: string) {
  const { rows } = await db.query(
    `SELECT id, "labSlug" AS slug, status::text FROM sandbox_session
     WHERE kind = 'lab' AND "userId" = $1 AND status <> 'closed'`,
    [userId],
  );
  return rows;
}

async function closeAll() {
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE kind = 'lab' AND status <> 'closed'`);
}

describe("startLab", () => {
  it("queues a new lab with its first status event and asks the lab hosts for it", async () => {
    const started = await startLab(alice, { kind: "lab", slug: VOLUMES, ...size });
    expect(started).toEqual({
      id: expect.any(String),
      slug: VOLUMES,
      status: "queued",
      reattached: false,
      position: 1,
    });
    const { rows } = await db.query(`SELECT * FROM sandbox_session WHERE id = $1`, [started.id]);
    expect(rows[0]).toMatchObject({
      kind: "lab",
      userId: "alice",
      labSlug: VOLUMES,
      status: "queued",
      cols: 100,
      rows: 30,
    });
    expect((await listSessionEventsAfter(db, started.id, "0")).map((e) => [e.type, e.data])).toEqual([
      ["status", { status: "queued" }],
    ]);
    expect(await control.next((m) => m.sessionId === started.id)).toEqual({
      kind: "request",
      sessionId: started.id,
      sessionKind: "lab",
    });
    await closeAll();
  });

  it("stores a start over as `fresh` for the lab's host, and ignores it when the live lab is handed back", async () => {
    const freshOf = async (id: string) =>
      (await db.query(`SELECT fresh FROM sandbox_session WHERE id = $1`, [id])).rows[0]?.fresh;
    const resumed = await startLab(alice, { kind: "lab", slug: VOLUMES, ...size });
    expect(await freshOf(resumed.id)).toBe(false);
    // The learner's live lab is the one they have: starting over does not replace it.
    const again = await startLab(alice, { kind: "lab", slug: VOLUMES, fresh: true, ...size });
    expect(again).toMatchObject({ id: resumed.id, reattached: true });
    expect(await freshOf(resumed.id)).toBe(false);
    await closeAll();

    const over = await startLab(alice, { kind: "lab", slug: VOLUMES, fresh: true, ...size });
    expect(over).toMatchObject({ reattached: false, status: "queued" });
    expect(await freshOf(over.id)).toBe(true);
    await closeAll();
  });

  it("answers a lab that does not exist with 404, starting nothing", async () => {
    for (const slug of ["no-such-lab", "../etc", "UPPER"]) {
      const refusal = await startLab(alice, { kind: "lab", slug, ...size }).catch((err) => err);
      expect(refusal).toMatchObject({ code: "NOT_FOUND", message: `There is no lab called "${slug}".` });
      expect(refusal.httpStatus).toBe(404);
    }
    expect(await liveLabsOf("alice")).toEqual([]);
  });

  it("reattaches to the live lab of the same slug with the page's size, and resizes an open one", async () => {
    const started = await startLab(alice, { kind: "lab", slug: VOLUMES, ...size });
    expect(await startLab(alice, { kind: "lab", slug: VOLUMES, cols: 120, rows: 40 })).toEqual({
      id: started.id,
      slug: VOLUMES,
      status: "queued",
      reattached: true,
      position: 1,
    });
    const { rows } = await db.query(`SELECT cols, rows FROM sandbox_session WHERE id = $1`, [started.id]);
    expect(rows[0]).toEqual({ cols: 120, rows: 40 });

    await moveSession(db, started.id, { to: "starting", runnerId: await fixtures.runner() });
    await moveSession(db, started.id, { to: "open" });
    expect(await startLab(alice, { kind: "lab", slug: VOLUMES, cols: 90, rows: 20 })).toEqual({
      id: started.id,
      slug: VOLUMES,
      status: "open",
      reattached: true,
    });
    expect(await control.next((m) => m.sessionId === started.id && m.kind === "resize")).toEqual({
      kind: "resize",
      sessionId: started.id,
      cols: 90,
      rows: 20,
    });
    await closeAll();
  });

  it("refuses another lab while one is live, naming it and its id, and starts it once that one closed", async () => {
    const first = await startLab(alice, { kind: "lab", slug: VOLUMES, ...size });
    const refusal = await startLab(alice, { kind: "lab", slug: CRASHING, ...size }).catch((err) => err);
    expect(refusal).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^You already have the lab "Keep model files in a volume" waiting for a mach/),
      details: {
        reason: "lab-live",
        sessionId: first.id,
        slug: VOLUMES,
        title: "Keep model files in a volume",
        status: "queued",
      },
    });
    expect(refusal.httpStatus).toBe(409);
    expect(refusal.message).toContain("Close that lab");

    expect(await closeSession(alice, first.id)).toEqual({ id: first.id, status: "closed" });
    const second = await startLab(alice, { kind: "lab", slug: CRASHING, ...size });
    expect(second).toMatchObject({ slug: CRASHING, status: "queued", reattached: false });
    expect(await liveLabsOf("alice")).toEqual([{ id: second.id, slug: CRASHING, status: "queued" }]);
    await closeAll();
  });

  it("leaves one live lab for 50 simultaneous starts, of the same lab or of two", async () => {
    const same = await Promise.allSettled(
      Array.from({ length: 50 }, () => startLab(alice, { kind: "lab", slug: VOLUMES, ...size })),
    );
    const started = same.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(started).toHaveLength(50);
    expect(new Set(started.map((s) => s.id)).size).toBe(1);
    expect(started.filter((s) => !s.reattached)).toHaveLength(1);
    expect(await liveLabsOf("alice")).toHaveLength(1);
    await closeAll();

    const mixed = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => startLab(alice, { kind: "lab", slug: i % 2 ? VOLUMES : CRASHING, ...size })),
    );
    expect(await liveLabsOf("alice")).toHaveLength(1);
    const refused = mixed.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(refused).toHaveLength(10);
    for (const err of refused) expect(err).toMatchObject({ code: "CONFLICT" });
    await closeAll();
  });

  it("says each queued lab's place in the queue, which moves up as labs ahead are claimed", async () => {
    const a = await startLab(alice, { kind: "lab", slug: VOLUMES, ...size });
    const b = await startLab(user("bob"), { kind: "lab", slug: VOLUMES, ...size });
    const c = await startLab(user("carol"), { kind: "lab", slug: CRASHING, ...size });
    expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
    expect(await getSession(user("carol"), c.id)).toMatchObject({ status: "queued", position: 3 });

    await moveSession(db, a.id, { to: "starting", runnerId: await fixtures.runner() });
    await moveSession(db, b.id, { to: "closed", reason: "You closed the lab before it started." });
    const claimed = await getSession(alice, a.id);
    expect(claimed.status).toBe("starting");
    expect(claimed).not.toHaveProperty("position");
    expect(await getSession(user("carol"), c.id)).toMatchObject({ position: 1 });
    await closeAll();
  });

  it("does not count a lab whose host died: it closes it with a reason and starts the new one", async () => {
    const held = await fixtures.lab("alice", { status: "open", runnerId: await fixtures.runner({ alive: false }) });
    const started = await startLab(alice, { kind: "lab", slug: CRASHING, ...size });
    expect(started).toMatchObject({ status: "queued", reattached: false });
    const { rows } = await db.query(`SELECT status::text, "closeReason" FROM sandbox_session WHERE id = $1`, [held]);
    expect(rows[0]).toEqual({ status: "closed", closeReason: expect.stringMatching(/machine running your lab stop/) });
    await closeAll();
  });
});

describe("labView", () => {
  it("shows the viewer's live lab of the page, another lab in the way, and the tasks done", async () => {
    expect(await labView(alice, VOLUMES)).toEqual({ lab: null, elsewhere: null, tasksDone: [] });
    await fixtures.lab("bob", { slug: VOLUMES });
    const mine = await startLab(alice, { kind: "lab", slug: VOLUMES, ...size });
    await recordLabTaskDone(db, mine.id, "create-volume");
    expect(await labView(alice, VOLUMES)).toEqual({
      lab: { id: mine.id, status: "queued" },
      elsewhere: null,
      tasksDone: ["create-volume"],
    });
    expect(await labView(alice, CRASHING)).toEqual({
      lab: null,
      elsewhere: { id: mine.id, slug: VOLUMES, title: "Keep model files in a volume", status: "queued" },
      tasksDone: [],
    });
    // A lab whose host died is gone for the page too.
    await closeAll();
    await fixtures.lab("dave", { status: "open", runnerId: await fixtures.runner({ alive: false }) });
    expect((await labView(user("dave"), VOLUMES)).lab).toBeNull();
    await closeAll();
  });
});
