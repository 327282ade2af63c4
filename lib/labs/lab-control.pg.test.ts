import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { closeShellConnections, user } from "../shell/testing/shell-fixtures";
import type { LabStatus } from "./lab-lifecycle";
import { appendLabEvent, listLabEventsAfter, moveLab } from "./lab-store";
import { labFixtures, listenToLabControl } from "./testing/lab-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;
let control: Awaited<ReturnType<typeof listenToLabControl>>;
let liveHost: string;
let sendLabInput: typeof import("./send-lab-input").sendLabInput;
let closeLab: typeof import("./close-lab").closeLab;
let requestLabPreview: typeof import("./request-lab-preview").requestLabPreview;
let streamLabEvents: typeof import("./stream-lab-events").streamLabEvents;
let getLab: typeof import("./lab-sessions").getLab;
let ownLab: typeof import("./lab-sessions").ownLab;

const alice = user("alice");
const bob = user("bob");
const NOT_YOURS = "There is no such lab, or it is not yours. Start a lab from its page.";

beforeAll(async () => {
  database = await createTestDatabase("labcontrol");
  // The functions use the app's shared pool, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ sendLabInput } = await import("./send-lab-input"));
  ({ closeLab } = await import("./close-lab"));
  ({ requestLabPreview } = await import("./request-lab-preview"));
  ({ streamLabEvents } = await import("./stream-lab-events"));
  ({ getLab, ownLab } = await import("./lab-sessions"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }, { id: "ines", role: "instructor" }]);
  liveHost = await fixtures.runner();
  control = await listenToLabControl(database.url);
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end(), control?.end()]);
  await database?.drop();
});

/** A lab of Alice's in the given state, moved there as a lab host would; "starting" and "open" held by `host`. */
async function labOf(status: Exclude<LabStatus, "closed">, host = liveHost): Promise<string> {
  await db.query(`UPDATE lab_session SET status = 'closed' WHERE "userId" = 'alice'`);
  const id = await fixtures.lab("alice");
  if (status !== "queued") await moveLab(db, id, { to: "starting", runnerId: host });
  if (status === "open") await moveLab(db, id, { to: "open" });
  return id;
}

async function row(id: string) {
  const { rows } = await db.query(
    `SELECT status::text, cols, rows, "closeReason", "lastInputAt" FROM lab_session WHERE id = $1`,
    [id],
  );
  return rows[0];
}

describe("ownership", () => {
  it("answers anyone but the lab's learner, an unknown id and a malformed one with the same 404", async () => {
    const id = await labOf("open");
    const input = { type: "input", data: "docker ps\r" } as const;
    const preview = { port: 8080, path: "/" };
    const signal = new AbortController().signal;
    for (const who of [bob, user("ines", "instructor")]) {
      await expect(getLab(who, id)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
      await expect(sendLabInput(who, id, input)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
      await expect(closeLab(who, id)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
      await expect(requestLabPreview(who, id, preview)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(streamLabEvents(who, id, "0", signal)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    for (const bad of ["no-such-lab", "a\u0000b", "x".repeat(5000), "../x", ""]) {
      await expect(ownLab("alice", bad)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
    }
    expect((await row(id)).status).toBe("open");
    expect(control.heard.filter((m) => m.sessionId === id)).toEqual([]);
  });
});

describe("sendLabInput", () => {
  it("passes keystrokes to the lab host, open or starting, and records the last keystroke", async () => {
    for (const status of ["open", "starting"] as const) {
      const id = await labOf(status);
      await sendLabInput(alice, id, { type: "input", data: "docker volume ls\r" });
      expect(await control.next((m) => m.sessionId === id && m.kind === "input")).toEqual({
        kind: "input",
        sessionId: id,
        data: "docker volume ls\r",
      });
      expect((await row(id)).lastInputAt).toBeInstanceOf(Date);
    }
  });

  it("records a resize on the row and passes it on, without counting it as a keystroke", async () => {
    const id = await labOf("open");
    await sendLabInput(alice, id, { type: "resize", cols: 132, rows: 43 });
    expect(await row(id)).toMatchObject({ cols: 132, rows: 43, lastInputAt: null });
    expect(await control.next((m) => m.sessionId === id && m.kind === "resize")).toEqual({
      kind: "resize",
      sessionId: id,
      cols: 132,
      rows: 43,
    });
  });

  it("refuses input to a queued or closed lab, saying its state in words", async () => {
    await fixtures.lab("bob");
    const queued = await labOf("queued");
    await expect(sendLabInput(alice, queued, { type: "input", data: "x" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("still waiting for a machine (number 2 in the queue)"),
      details: { status: "queued", position: 2 },
    });
    const open = await labOf("open");
    const reason = "The lab was idle for 20 minutes, so it was closed.";
    await moveLab(db, open, { to: "closed", reason });
    const refusal = await sendLabInput(alice, open, { type: "input", data: "x" }).catch((e) => e);
    expect(refusal).toMatchObject({
      code: "CONFLICT",
      message: `This lab is closed: ${reason} Start the lab again to carry on.`,
      details: { status: "closed", closeReason: reason },
    });
    expect(refusal.httpStatus).toBe(409);
    expect(control.heard.filter((m) => [queued, open].includes(m.sessionId) && m.kind === "input")).toEqual([]);
  });

  it("refuses with 413 an input too large for one control message", async () => {
    const id = await labOf("open");
    // Past the schema's limit, as only a hand-made request could be: each character JSON-escapes to six bytes.
    const refusal = await sendLabInput(alice, id, { type: "input", data: "\u0003".repeat(2000) }).catch((e) => e);
    expect(refusal).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("1024 characters") });
    expect(refusal.httpStatus).toBe(413);
  });
});

describe("closeLab", () => {
  it("closes a queued lab at once, saying so, only once, and tells no lab host", async () => {
    const id = await labOf("queued");
    expect(await closeLab(alice, id)).toEqual({ id, status: "closed" });
    expect(await row(id)).toMatchObject({ status: "closed", closeReason: "You closed the lab before it started." });
    expect(await closeLab(alice, id)).toEqual({ id, status: "closed" });
    const events = await listLabEventsAfter(db, id, "0");
    expect(events.map((e) => e.data)).toEqual([{ status: "closed", message: "You closed the lab before it started." }]);
    expect(control.heard.filter((m) => m.sessionId === id && m.kind === "close")).toEqual([]);
  });

  it("asks the host holding a live lab to close it, and closes one whose host died itself", async () => {
    for (const status of ["open", "starting"] as const) {
      const held = await labOf(status);
      expect(await closeLab(alice, held)).toEqual({ id: held, status });
      expect(await control.next((m) => m.sessionId === held && m.kind === "close")).toEqual({
        kind: "close",
        sessionId: held,
      });
      expect((await row(held)).status).toBe(status);
    }
    const orphan = await labOf("open", await fixtures.runner({ alive: false }));
    expect(await closeLab(alice, orphan)).toEqual({ id: orphan, status: "closed" });
    expect(await row(orphan)).toMatchObject({ status: "closed", closeReason: "You closed the lab." });
  });
});

describe("requestLabPreview", () => {
  it("asks the host of an open lab for a port, with a fresh request id each time", async () => {
    const id = await labOf("open");
    const { requestId } = await requestLabPreview(alice, id, { port: 8080, path: "/health" });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await control.next((m) => m.sessionId === id && m.kind === "preview")).toEqual({
      kind: "preview",
      sessionId: id,
      requestId,
      port: 8080,
      path: "/health",
    });
    expect((await requestLabPreview(alice, id, { port: 8080, path: "/" })).requestId).not.toBe(requestId);
  });

  it("refuses a lab that is not open yet or any more", async () => {
    const starting = await labOf("starting");
    await expect(requestLabPreview(alice, starting, { port: 80, path: "/" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("still starting, so there is nothing to preview yet"),
    });
    await moveLab(db, starting, { to: "closed", reason: "It could not start." });
    await expect(requestLabPreview(alice, starting, { port: 80, path: "/" })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { status: "closed" },
    });
    expect(control.heard.filter((m) => m.sessionId === starting && m.kind === "preview")).toEqual([]);
  });
});

describe("getLab", () => {
  it("answers the lab with each task's latest standing in the lab's task order", async () => {
    const id = await labOf("open");
    const task = (taskId: string, done: boolean, hint?: string) =>
      appendLabEvent(db, id, { type: "task", data: { id: taskId, done, found: "found", ...(hint ? { hint } : {}) } });
    await task("train", false, "run it");
    await task("create-volume", false);
    await appendLabEvent(db, id, { type: "output", data: { text: "$ " } });
    await task("create-volume", true);
    expect(await getLab(alice, id)).toEqual({
      id,
      slug: "keep-model-files",
      status: "open",
      closeReason: null,
      openedAt: expect.any(Date),
      closedAt: null,
      tasks: [
        { id: "create-volume", done: true, found: "found" },
        { id: "train", done: false, found: "found", hint: "run it" },
      ],
    });
  });
});

type Frame = { id?: string; event?: string; data?: string };

/** Reads an SSE stream to its end and answers its named frames. */
async function framesOf(stream: ReadableStream<Uint8Array>): Promise<Frame[]> {
  const text = await new Response(stream).text();
  return text
    .split("\n\n")
    .map((block) => {
      const frame: Record<string, string> = {};
      for (const line of block.split("\n")) {
        const [key, ...rest] = line.split(": ");
        if (key && !line.startsWith(":") && key !== "retry") frame[key] = rest.join(": ");
      }
      return frame as Frame;
    })
    .filter((f) => f.event);
}

describe("streamLabEvents", () => {
  it("replays the lab's events, follows new ones and ends after it closed; a reconnect resumes", async () => {
    const id = await labOf("open");
    await appendLabEvent(db, id, { type: "output", data: { text: "$ " } });
    const followed = framesOf(await streamLabEvents(alice, id, "0", new AbortController().signal));
    await appendLabEvent(db, id, {
      type: "preview",
      data: { requestId: "r1", port: 8080, path: "/", status: 200, body: "ok", error: null },
    });
    await moveLab(db, id, { to: "closed", reason: "You closed the lab." });
    const frames = await followed;
    expect(frames.map((f) => [f.event, JSON.parse(f.data!)])).toEqual([
      ["status", { status: "starting" }],
      ["status", { status: "open" }],
      ["output", { text: "$ " }],
      ["preview", { requestId: "r1", port: 8080, path: "/", status: 200, body: "ok", error: null }],
      ["status", { status: "closed", message: "You closed the lab." }],
      ["end", {}],
    ]);
    const resumed = await framesOf(await streamLabEvents(alice, id, frames[2]!.id!, new AbortController().signal));
    expect(resumed.map((f) => f.event)).toEqual(["preview", "status", "end"]);
  });
});
