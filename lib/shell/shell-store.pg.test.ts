import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { SHELL_CONTROL_CHANNEL } from "./shell-protocol";
import {
  appendShellOutput,
  listShellEventsAfter,
  moveShell,
  notifyShellControl,
  pruneClosedShellOutput,
} from "./shell-store";

let database: TestDatabase;
let db: pg.Pool;
let sessionId: string;

beforeAll(async () => {
  database = await createTestDatabase("shellstore");
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

beforeEach(async () => {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO shell_session (id, "userId", "submissionId", "engineId")
     VALUES (gen_random_uuid()::text, 'u', 's', 'e') RETURNING id`,
  );
  sessionId = rows[0]!.id;
});

describe("moveShell", () => {
  it("lets exactly one of two runners claim a request", async () => {
    const outcomes = await Promise.all([
      moveShell(db, sessionId, { to: "starting", runnerId: "r1" }),
      moveShell(db, sessionId, { to: "starting", runnerId: "r2" }),
    ]);
    expect(outcomes.filter((o) => o.moved)).toHaveLength(1);
    expect(outcomes.find((o) => !o.moved)).toEqual({ moved: false, current: "starting" });
    const { rows } = await db.query(`SELECT status, "runnerId" FROM shell_session WHERE id = $1`, [sessionId]);
    expect(["r1", "r2"]).toContain(rows[0].runnerId);
  });

  it("records each move as a status event, with the close reason, and closes once", async () => {
    await moveShell(db, sessionId, { to: "starting", runnerId: "r1" });
    expect(await moveShell(db, sessionId, { to: "open" })).toEqual({ moved: true, from: "starting" });
    await appendShellOutput(db, sessionId, "$ ");
    expect(await moveShell(db, sessionId, { to: "closed", reason: "idle for 5 minutes" })).toEqual({
      moved: true,
      from: "open",
    });
    expect(await moveShell(db, sessionId, { to: "closed", reason: "again" })).toEqual({
      moved: false,
      current: "closed",
    });
    expect(await moveShell(db, sessionId, { to: "open" })).toEqual({ moved: false, current: "closed" });
    const events = await listShellEventsAfter(db, sessionId, "0");
    expect(events.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: "status", data: { status: "starting" } },
      { type: "status", data: { status: "open" } },
      { type: "output", data: { text: "$ " } },
      { type: "status", data: { status: "closed", message: "idle for 5 minutes" } },
    ]);
    const { rows } = await db.query(`SELECT "closeReason", "openedAt", "closedAt" FROM shell_session WHERE id = $1`, [
      sessionId,
    ]);
    expect(rows[0].closeReason).toBe("idle for 5 minutes");
    expect(rows[0].openedAt).toBeInstanceOf(Date);
    expect(rows[0].closedAt).toBeInstanceOf(Date);
  });

  it("refuses moves the lifecycle does not allow and reports an unknown shell", async () => {
    expect(await moveShell(db, sessionId, { to: "open" })).toEqual({ moved: false, current: "requested" });
    expect(await moveShell(db, "no-such-shell", { to: "closed", reason: "x" })).toEqual({
      moved: false,
      current: undefined,
    });
  });
});

describe("notifyShellControl", () => {
  it("delivers a control message and refuses one too large for a NOTIFY", async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    try {
      const heard = new Promise<string>((resolve) => listener.on("notification", (m) => resolve(m.payload ?? "")));
      await listener.query(`LISTEN ${SHELL_CONTROL_CHANNEL}`);
      expect(await notifyShellControl(db, { kind: "input", sessionId, data: "ls\r" })).toBe(true);
      expect(JSON.parse(await heard)).toEqual({ kind: "input", sessionId, data: "ls\r" });
      expect(await notifyShellControl(db, { kind: "input", sessionId, data: "\u0003".repeat(2000) })).toBe(false);
    } finally {
      await listener.end();
    }
  });
});

describe("pruneClosedShellOutput", () => {
  it("deletes the output of shells closed long enough ago; keeps status moves and live shells' output", async () => {
    const live = sessionId;
    await appendShellOutput(db, live, "still typing");
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO shell_session (id, "userId", "submissionId", "engineId")
       VALUES (gen_random_uuid()::text, 'u', 's', 'e') RETURNING id`,
    );
    const closed = rows[0]!.id;
    await moveShell(db, closed, { to: "closed", reason: "done" });
    await appendShellOutput(db, closed, "last words");
    // Closed just now: kept.
    expect(await pruneClosedShellOutput(db, 3600)).toBe(0);
    await db.query(`UPDATE shell_session SET "closedAt" = now() - interval '2 hours' WHERE id = $1`, [closed]);
    expect(await pruneClosedShellOutput(db, 3600)).toBe(1);
    expect((await listShellEventsAfter(db, closed, "0")).map((e) => e.type)).toEqual(["status"]);
    expect((await listShellEventsAfter(db, live, "0")).map((e) => e.type)).toEqual(["output"]);
  });
});
