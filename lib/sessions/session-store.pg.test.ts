import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import type { SessionKind } from "./session-lifecycle";
import { SESSION_CONTROL_CHANNEL } from "./session-protocol";
import {
  appendSessionEvent,
  listSessionEventsAfter,
  moveSession,
  notifySessionControl,
  pruneClosedSessionOutput,
} from "./session-store";

let database: TestDatabase;
let db: pg.Pool;
let sessionId: string;

beforeAll(async () => {
  database = await createTestDatabase("sessionstore");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "u" }]);
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status) VALUES ('s', 'u', 'x', '[]', 'passed')`,
  );
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

/** A queued session of the kind, as opening a shell or starting a lab inserts it. */
async function session(kind: SessionKind): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    kind === "shell"
      ? `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId")
         VALUES (gen_random_uuid()::text, 'shell', 'u', 's', 'e') RETURNING id`
      : `INSERT INTO sandbox_session (id, kind, "userId", "labSlug")
         VALUES (gen_random_uuid()::text, 'lab', 'u', 'keep-model-files') RETURNING id`,
  );
  return rows[0]!.id;
}

const output = (text: string) => ({ type: "output", data: { text } }) as const;

beforeEach(async () => {
  sessionId = await session("shell");
});

describe("moveSession", () => {
  it("lets exactly one of two runners claim a request", async () => {
    const outcomes = await Promise.all([
      moveSession(db, sessionId, { to: "starting", runnerId: "r1" }),
      moveSession(db, sessionId, { to: "starting", runnerId: "r2" }),
    ]);
    expect(outcomes.filter((o) => o.moved)).toHaveLength(1);
    expect(outcomes.find((o) => !o.moved)).toEqual({ moved: false, current: "starting" });
    const { rows } = await db.query(`SELECT status, "runnerId" FROM sandbox_session WHERE id = $1`, [sessionId]);
    expect(["r1", "r2"]).toContain(rows[0].runnerId);
  });

  it("records each move as a status event, with the close reason, and closes once", async () => {
    await moveSession(db, sessionId, { to: "starting", runnerId: "r1" });
    expect(await moveSession(db, sessionId, { to: "open" })).toEqual({ moved: true, from: "starting" });
    await appendSessionEvent(db, sessionId, output("$ "));
    expect(await moveSession(db, sessionId, { to: "closed", reason: "idle for 5 minutes" })).toEqual({
      moved: true,
      from: "open",
    });
    expect(await moveSession(db, sessionId, { to: "closed", reason: "again" })).toEqual({
      moved: false,
      current: "closed",
    });
    expect(await moveSession(db, sessionId, { to: "open" })).toEqual({ moved: false, current: "closed" });
    const events = await listSessionEventsAfter(db, sessionId, "0");
    expect(events.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: "status", data: { status: "starting" } },
      { type: "status", data: { status: "open" } },
      { type: "output", data: { text: "$ " } },
      { type: "status", data: { status: "closed", message: "idle for 5 minutes" } },
    ]);
    const { rows } = await db.query(`SELECT "closeReason", "openedAt", "closedAt" FROM sandbox_session WHERE id = $1`, [
      sessionId,
    ]);
    expect(rows[0].closeReason).toBe("idle for 5 minutes");
    expect(rows[0].openedAt).toBeInstanceOf(Date);
    expect(rows[0].closedAt).toBeInstanceOf(Date);
  });

  it("refuses moves the lifecycle does not allow and reports an unknown session", async () => {
    expect(await moveSession(db, sessionId, { to: "open" })).toEqual({ moved: false, current: "queued" });
    expect(await moveSession(db, "no-such-session", { to: "closed", reason: "x" })).toEqual({
      moved: false,
      current: undefined,
    });
  });
});

describe("notifySessionControl", () => {
  it("delivers a control message and refuses one too large for a NOTIFY", async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    try {
      const heard = new Promise<string>((resolve) => listener.on("notification", (m) => resolve(m.payload ?? "")));
      await listener.query(`LISTEN ${SESSION_CONTROL_CHANNEL}`);
      expect(await notifySessionControl(db, { kind: "input", sessionId, data: "ls\r" })).toBe(true);
      expect(JSON.parse(await heard)).toEqual({ kind: "input", sessionId, data: "ls\r" });
      expect(await notifySessionControl(db, { kind: "input", sessionId, data: "\u0003".repeat(2000) })).toBe(false);
    } finally {
      await listener.end();
    }
  });
});

describe("pruneClosedSessionOutput", () => {
  it("deletes the output of sessions closed long enough ago; keeps status moves, tasks and live output", async () => {
    const live = sessionId;
    await appendSessionEvent(db, live, output("still typing"));
    const closed = await session("shell");
    await moveSession(db, closed, { to: "closed", reason: "done" });
    await appendSessionEvent(db, closed, output("last words"));
    // A lab's task events are the record of what its learner did: they stay with the status moves.
    const lab = await session("lab");
    await appendSessionEvent(db, lab, output("$ "));
    await appendSessionEvent(db, lab, { type: "task", data: { id: "create-volume", done: true, found: "found" } });
    await moveSession(db, lab, { to: "closed", reason: "done" });
    // Closed just now: kept.
    expect(await pruneClosedSessionOutput(db, 3600)).toBe(0);
    await db.query(`UPDATE sandbox_session SET "closedAt" = now() - interval '2 hours' WHERE id = ANY($1)`, [
      [closed, lab],
    ]);
    expect(await pruneClosedSessionOutput(db, 3600)).toBe(2);
    expect((await listSessionEventsAfter(db, closed, "0")).map((e) => e.type)).toEqual(["status"]);
    expect((await listSessionEventsAfter(db, lab, "0")).map((e) => e.type)).toEqual(["task", "status"]);
    expect((await listSessionEventsAfter(db, live, "0")).map((e) => e.type)).toEqual(["output"]);
  });
});
