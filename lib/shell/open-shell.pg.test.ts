import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { listSessionEventsAfter, moveSession } from "../sessions/session-store";
import { listenToSessionControl } from "../sessions/testing/session-control-listener";
import { closeShellConnections, shellFixtures, user } from "./testing/shell-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof shellFixtures>;
let openShell: typeof import("./open-shell").openShell;
let closeSession: typeof import("../sessions/close-session").closeSession;
let shellView: typeof import("./shell-view").shellView;

const size = { cols: 100, rows: 30 };
const alice = user("alice");
const bob = user("bob");
const ines = user("ines", "instructor");

beforeAll(async () => {
  database = await createTestDatabase("openshell");
  // The functions use the app's shared pool and Prisma, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ openShell } = await import("./open-shell"));
  ({ closeSession } = await import("../sessions/close-session"));
  ({ shellView } = await import("./shell-view"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = shellFixtures(db);
  await insertUsers(db, [
    { id: "alice", name: "Alice" },
    { id: "bob" },
    { id: "ines", role: "instructor" },
    { id: "carol" },
  ]);
  // Ines teaches them: staff open shells in their classes' images only.
  await insertClass(db, { id: "ines-class", instructors: ["ines"], learners: ["alice", "bob", "carol"] });
  await fixtures.runner("engine-a");
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end()]);
  await database?.drop();
});

async function liveShellsOf(userId: string) {
  const { rows } = await db.query(
    `SELECT id, "submissionId" FROM sandbox_session WHERE kind = 'shell' AND "userId" = $1 AND status <> 'closed'`,
    [userId],
  );
  return rows;
}

async function closeAll(userId: string) {
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE kind = 'shell' AND "userId" = $1`, [userId]);
}

describe("openShell", () => {
  it("opens a shell for the submission's owner on the image's engine and asks the runners for it", async () => {
    const submissionId = await fixtures.submission("alice", { keptFor: 600 });
    const control = await listenToSessionControl(database.url);
    try {
      const opened = await openShell(alice, { kind: "shell", submissionId, ...size });
      expect(opened).toEqual({ id: expect.any(String), status: "queued", reattached: false, position: 1 });
      const { rows } = await db.query(`SELECT * FROM sandbox_session WHERE id = $1`, [opened.id]);
      expect(rows[0]).toMatchObject({
        kind: "shell",
        userId: "alice",
        submissionId,
        engineId: "engine-a",
        status: "queued",
        cols: 100,
        rows: 30,
      });
      expect((await listSessionEventsAfter(db, opened.id, "0")).map((e) => [e.type, e.data])).toEqual([
        ["status", { status: "queued" }],
      ]);
      expect(await control.next((m) => m.sessionId === opened.id)).toEqual({
        kind: "request",
        sessionId: opened.id,
        sessionKind: "shell",
        engineId: "engine-a",
      });
    } finally {
      await control.end();
      await closeAll("alice");
    }
  });

  it("answers another learner with the same 404 as for a submission that does not exist", async () => {
    const submissionId = await fixtures.submission("alice", { keptFor: 600 });
    const message = "There is no such submission, or it is not yours.";
    await expect(openShell(bob, { kind: "shell", submissionId, ...size })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message,
    });
    await expect(openShell(bob, { kind: "shell", submissionId: "nope", ...size })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message,
    });
    expect(await liveShellsOf("bob")).toEqual([]);
  });

  it("lets an instructor open a shell in a learner's image, as the instructor's own shell", async () => {
    const submissionId = await fixtures.submission("alice", { keptFor: 600 });
    const opened = await openShell(ines, { kind: "shell", submissionId, ...size });
    expect(await liveShellsOf("ines")).toEqual([{ id: opened.id, submissionId }]);
    expect(await liveShellsOf("alice")).toEqual([]);
    // Staff looking into a learner's work is in the admin log; the owner's own shells (first test) are not.
    const { rows: logged } = await db.query(
      `SELECT action::text, "actorId", "targetId", "targetLabel", details FROM admin_action ORDER BY id`,
    );
    expect(logged).toEqual([
      {
        action: "shell_opened",
        actorId: "ines",
        targetId: submissionId,
        targetLabel: "Alice",
        details: { shellId: opened.id, exerciseSlug: "first-image", exerciseTitle: "Your first ML service image" },
      },
    ]);
    await closeAll("ines");
  });

  it.each([
    ["still being graded", { status: "running" as const }, "CONFLICT", "grading", /still being graded/],
    ["whose build failed", { status: "failed" as const, built: false }, "CONFLICT", "not-built", /image that built/],
    ["that ended in error before building", { status: "error" as const }, "CONFLICT", "not-built", /never ran/],
    ["whose kept time is over", { keptFor: -1 }, "CONFLICT", "expired", /kept 30 minutes after grading/],
    ["whose image was removed with its row", { built: true }, "CONFLICT", "expired", /Submit again to get a fresh/],
    [
      "on an engine with no live runner",
      { keptFor: 600, engineId: "engine-b" },
      "UNAVAILABLE",
      "engine-offline",
      /offline/,
    ],
  ])("refuses a submission %s, saying why and what to do", async (_what, options, code, reason, message) => {
    await fixtures.runner("engine-b", { alive: false });
    const submissionId = await fixtures.submission("carol", options);
    const refusal = await openShell(user("carol"), { kind: "shell", submissionId, ...size }).catch((err) => err);
    expect(refusal).toMatchObject({ code, message: expect.stringMatching(message), details: { reason } });
    expect(refusal.httpStatus).toBe(code === "UNAVAILABLE" ? 503 : 409);
    expect(await liveShellsOf("carol")).toEqual([]);
  });

  it("leaves one live shell for 100 simultaneous opens, refuses another submission, opens after a close", async () => {
    const first = await fixtures.submission("alice", { keptFor: 600 });
    const second = await fixtures.submission("alice", { keptFor: 600, exerciseSlug: "slim-image" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () => openShell(alice, { kind: "shell", submissionId: first, ...size })),
    );
    const opened = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    // Every one of them is the same shell: one opened it, the others reattached.
    expect(opened).toHaveLength(100);
    expect(new Set(opened.map((o) => o.id)).size).toBe(1);
    expect(opened.filter((o) => !o.reattached)).toHaveLength(1);
    const [live] = await liveShellsOf("alice");
    expect(await liveShellsOf("alice")).toEqual([{ id: opened[0]!.id, submissionId: first }]);

    const refusal = await openShell(alice, { kind: "shell", submissionId: second, ...size }).catch((err) => err);
    expect(refusal).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/You already have a shell open on your submission for "first-image".*Close/),
      details: { reason: "shell-open", sessionId: live.id, submissionId: first, exerciseSlug: "first-image" },
    });

    expect(await closeSession(alice, live.id)).toEqual({ id: live.id, status: "closed" });
    const again = await openShell(alice, { kind: "shell", submissionId: second, ...size });
    expect(again).toMatchObject({ status: "queued", reattached: false });
    expect(await liveShellsOf("alice")).toEqual([{ id: again.id, submissionId: second }]);
    await closeAll("alice");
  });

  it("names whose submission the open shell is on when an instructor has one on a learner's", async () => {
    const learners = await fixtures.submission("alice", { keptFor: 600 });
    const other = await fixtures.submission("bob", { keptFor: 600 });
    await openShell(ines, { kind: "shell", submissionId: learners, ...size });
    await expect(openShell(ines, { kind: "shell", submissionId: other, ...size })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`on Alice's submission for "first-image"`),
    });
    await closeAll("ines");
  });

  it("reattaches to a live shell after its image's kept time, with the page's new size", async () => {
    const submissionId = await fixtures.submission("alice", { keptFor: 600 });
    const opened = await openShell(alice, { kind: "shell", submissionId, ...size });
    await db.query(`UPDATE kept_image SET "keptUntil" = now() - interval '1 minute' WHERE "submissionId" = $1`, [
      submissionId,
    ]);
    expect(await openShell(alice, { kind: "shell", submissionId, cols: 120, rows: 40 })).toEqual({
      id: opened.id,
      status: "queued",
      reattached: true,
      position: 1,
    });
    const { rows } = await db.query(`SELECT cols, rows FROM sandbox_session WHERE id = $1`, [opened.id]);
    expect(rows[0]).toEqual({ cols: 120, rows: 40 });
    await closeAll("alice");
  });

  it("does not count a shell whose runner died or that no runner claimed: it closes them with a reason", async () => {
    const deadRunner = await fixtures.runner("engine-a", { alive: false });
    const held = await openShell(alice, {
      kind: "shell",
      submissionId: await fixtures.submission("alice", { keptFor: 600 }),
      ...size,
    });
    await moveSession(db, held.id, { to: "starting", runnerId: deadRunner });
    await moveSession(db, held.id, { to: "open" });
    const fresh = await openShell(alice, {
      kind: "shell",
      submissionId: await fixtures.submission("alice", { keptFor: 600 }),
      ...size,
    });
    expect(fresh.reattached).toBe(false);
    const unclaimedSince = "now() - interval '1 minute'";
    await db.query(`UPDATE sandbox_session SET "createdAt" = ${unclaimedSince} WHERE id = $1`, [fresh.id]);
    const third = await openShell(alice, {
      kind: "shell",
      submissionId: await fixtures.submission("alice", { keptFor: 600 }),
      ...size,
    });

    const { rows } = await db.query(`SELECT id, status, "closeReason" FROM sandbox_session WHERE id = ANY($1)`, [
      [held.id, fresh.id, third.id],
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[held.id]).toMatchObject({ status: "closed", closeReason: expect.stringMatching(/machine .* stopped/) });
    expect(byId[fresh.id]).toMatchObject({ status: "closed", closeReason: expect.stringMatching(/within 30 seconds/) });
    expect(byId[third.id]).toMatchObject({ status: "queued" });
    await closeAll("alice");
  });
});

describe("shellView", () => {
  it("offers a shell while the image is kept, with the viewer's own live shell on it", async () => {
    const submissionId = await fixtures.submission("alice", { keptFor: 600 });
    const view = await shellView(alice, submissionId);
    expect(view).toEqual({ available: true, keptUntil: expect.any(String), unavailable: null, shell: null });
    expect(new Date(view.keptUntil!).getTime()).toBeGreaterThan(Date.now());

    const opened = await openShell(alice, { kind: "shell", submissionId, ...size });
    expect((await shellView(alice, submissionId)).shell).toEqual({ id: opened.id, status: "queued" });
    // The instructor sees the learner's image offered, but not the learner's shell.
    expect(await shellView(ines, submissionId)).toMatchObject({ available: true, shell: null });
    await expect(shellView(bob, submissionId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await closeAll("alice");
  });

  it("says why not when it cannot offer one", async () => {
    const submissionId = await fixtures.submission("alice", { status: "queued" });
    expect(await shellView(alice, submissionId)).toEqual({
      available: false,
      keptUntil: null,
      unavailable: { reason: "grading", message: expect.stringContaining("still being graded") },
      shell: null,
    });
    const expired = await fixtures.submission("alice", { keptFor: -60 });
    expect(await shellView(alice, expired)).toMatchObject({
      available: false,
      keptUntil: expect.any(String),
      unavailable: { reason: "expired" },
    });
  });
});
