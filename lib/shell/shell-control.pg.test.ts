import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { appendShellOutput, listShellEventsAfter, moveShell } from "./shell-store";
import { closeShellConnections, listenToShellControl, shellFixtures, user } from "./testing/shell-fixtures";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof shellFixtures>;
let openShell: typeof import("./open-shell").openShell;
let sendShellInput: typeof import("./send-shell-input").sendShellInput;
let closeShell: typeof import("./close-shell").closeShell;
let getShell: typeof import("./shell-sessions").getShell;
let streamShellEvents: typeof import("./stream-shell-events").streamShellEvents;
let control: Awaited<ReturnType<typeof listenToShellControl>>;
let liveRunner: string;

const alice = user("alice");
const bob = user("bob");
const NOT_YOURS = "There is no such shell, or it is not yours. Open a shell from a report.";

beforeAll(async () => {
  database = await createTestDatabase("shellcontrol");
  // The functions use the app's shared pool and Prisma, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ openShell } = await import("./open-shell"));
  ({ sendShellInput } = await import("./send-shell-input"));
  ({ closeShell } = await import("./close-shell"));
  ({ getShell } = await import("./shell-sessions"));
  ({ streamShellEvents } = await import("./stream-shell-events"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = shellFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
  liveRunner = await fixtures.runner("engine-a");
  control = await listenToShellControl(database.url);
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end(), control?.end()]);
  await database?.drop();
});

/** A shell of Alice's in the given state; "open" and "starting" are held by `runnerId`. */
async function shellOf(status: "requested" | "starting" | "open", runnerId = liveRunner): Promise<string> {
  await db.query(`UPDATE shell_session SET status = 'closed' WHERE "userId" = 'alice'`);
  const submissionId = await fixtures.submission("alice", { keptFor: 600 });
  const { id } = await openShell(alice, { submissionId, cols: 80, rows: 24 });
  if (status !== "requested") await moveShell(db, id, { to: "starting", runnerId });
  if (status === "open") await moveShell(db, id, { to: "open" });
  return id;
}

async function row(id: string) {
  return (await db.query(`SELECT status, cols, rows, "closeReason" FROM shell_session WHERE id = $1`, [id])).rows[0];
}

describe("sendShellInput", () => {
  it("passes the opener's keystrokes to the runners", async () => {
    const id = await shellOf("open");
    await sendShellInput(alice, id, { type: "input", data: "ls -la\r" });
    expect(await control.next((m) => m.sessionId === id && m.kind === "input")).toEqual({
      kind: "input",
      sessionId: id,
      data: "ls -la\r",
    });
  });

  it("answers anyone but the opener, and an unknown shell, with the same 404", async () => {
    const id = await shellOf("open");
    const input = { type: "input", data: "id\r" } as const;
    await expect(sendShellInput(bob, id, input)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
    await expect(sendShellInput(user("ines", "instructor"), id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(sendShellInput(alice, "no-such-shell", input)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: NOT_YOURS,
    });
    await expect(getShell(bob, id)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
  });

  it("refuses input to a shell that is not open, with the reason a closed one closed", async () => {
    const starting = await shellOf("starting");
    await expect(sendShellInput(alice, starting, { type: "input", data: "x" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("still starting"),
      details: { status: "starting" },
    });
    await moveShell(db, starting, { to: "closed", reason: "The shell was idle for 5 minutes, so it was closed." });
    await expect(sendShellInput(alice, starting, { type: "input", data: "x" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This shell is closed: The shell was idle for 5 minutes, so it was closed. Open a new one to carry on.",
      details: { status: "closed", closeReason: "The shell was idle for 5 minutes, so it was closed." },
    });
  });

  it("refuses with 413 an input too large for one control message", async () => {
    const id = await shellOf("open");
    // Past the schema's limit, as only a hand-made request could be: each character JSON-escapes to six bytes.
    const refusal = await sendShellInput(alice, id, { type: "input", data: "\u0003".repeat(2000) }).catch((e) => e);
    expect(refusal).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("1024 characters") });
    expect(refusal.httpStatus).toBe(413);
    expect(control.heard.filter((m) => m.sessionId === id && m.kind === "input")).toEqual([]);
  });

  it("records a resize on the row and passes it on", async () => {
    const id = await shellOf("open");
    await sendShellInput(alice, id, { type: "resize", cols: 132, rows: 43 });
    expect(await row(id)).toMatchObject({ cols: 132, rows: 43 });
    expect(await control.next((m) => m.sessionId === id && m.kind === "resize")).toEqual({
      kind: "resize",
      sessionId: id,
      cols: 132,
      rows: 43,
    });
    expect(await getShell(alice, id)).toEqual({
      id,
      submissionId: expect.any(String),
      status: "open",
      cols: 132,
      rows: 43,
      closeReason: null,
      createdAt: expect.any(Date),
      openedAt: expect.any(Date),
      closedAt: null,
    });
  });
});

describe("closeShell", () => {
  it("closes a request no runner has claimed at once, with the reason, and only once", async () => {
    const id = await shellOf("requested");
    expect(await closeShell(alice, id)).toEqual({ id, status: "closed" });
    expect(await row(id)).toMatchObject({ status: "closed", closeReason: "You closed the shell." });
    expect(await closeShell(alice, id)).toEqual({ id, status: "closed" });
    const events = await listShellEventsAfter(db, id, "0");
    expect(events.map((e) => e.data)).toEqual([{ status: "closed", message: "You closed the shell." }]);
    expect(control.heard.filter((m) => m.sessionId === id && m.kind === "close")).toEqual([]);
  });

  it("asks the runner holding an open shell to close it, and closes one whose runner died itself", async () => {
    const held = await shellOf("open");
    expect(await closeShell(alice, held)).toEqual({ id: held, status: "open" });
    expect(await control.next((m) => m.sessionId === held && m.kind === "close")).toEqual({
      kind: "close",
      sessionId: held,
    });
    expect((await row(held)).status).toBe("open");

    const orphan = await shellOf("open", await fixtures.runner("engine-a", { alive: false }));
    expect(await closeShell(alice, orphan)).toEqual({ id: orphan, status: "closed" });
    expect(await row(orphan)).toMatchObject({ status: "closed", closeReason: "You closed the shell." });
  });

  it("lets only the opener close a shell", async () => {
    const id = await shellOf("requested");
    await expect(closeShell(bob, id)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
    expect((await row(id)).status).toBe("requested");
  });
});

type Frame = { id?: string; event?: string; data?: string };

/** Reads an SSE stream frame by frame: `take(n)` waits for the next n frames, `rest()` for all until it ends. */
function sseFrames(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const ready: Frame[] = [];
  let buffer = "";
  let done = false;
  const fill = async () => {
    const chunk = await reader.read();
    if (chunk.done) {
      done = true;
      return;
    }
    buffer += decoder.decode(chunk.value);
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const frame: Record<string, string> = {};
      for (const line of buffer.slice(0, end).split("\n")) {
        const [key, ...rest] = line.split(": ");
        if (key && !line.startsWith(":") && key !== "retry") frame[key] = rest.join(": ");
      }
      buffer = buffer.slice(end + 2);
      if (frame.event) ready.push(frame);
    }
  };
  return {
    async take(n: number): Promise<Frame[]> {
      while (ready.length < n && !done) await fill();
      return ready.splice(0, n);
    },
    async rest(): Promise<Frame[]> {
      while (!done) await fill();
      return ready.splice(0);
    },
  };
}

const parsed = (frames: Frame[]) => frames.map((f) => [f.event, JSON.parse(f.data!)]);

describe("streamShellEvents", () => {
  it("replays the shell's events, follows new ones live and ends after it closed", async () => {
    const id = await shellOf("open");
    await appendShellOutput(db, id, "$ ");
    const stream = sseFrames(await streamShellEvents(alice, id, "0", new AbortController().signal));
    const replayed = await stream.take(3);
    expect(parsed(replayed)).toEqual([
      ["status", { status: "starting" }],
      ["status", { status: "open" }],
      ["output", { text: "$ " }],
    ]);
    // Written after the replay: they can only arrive through the app's LISTEN connection.
    await appendShellOutput(db, id, "ls\r\napp.py\r\n$ ");
    await moveShell(db, id, { to: "closed", reason: "You closed the shell." });
    expect(parsed(await stream.rest())).toEqual([
      ["output", { text: "ls\r\napp.py\r\n$ " }],
      ["status", { status: "closed", message: "You closed the shell." }],
      ["end", {}],
    ]);

    // A reconnect with the browser's Last-Event-ID gets only what came after it.
    const resumed = sseFrames(await streamShellEvents(alice, id, replayed[2]!.id!, new AbortController().signal));
    expect((await resumed.rest()).map((f) => f.event)).toEqual(["output", "status", "end"]);
  });

  it("never streams a shell to anyone but its opener", async () => {
    const id = await shellOf("open");
    await expect(streamShellEvents(bob, id, "0", new AbortController().signal)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
