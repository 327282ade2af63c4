import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { labFixtures } from "../labs/testing/lab-fixtures";
import { closeShellConnections, shellFixtures, user } from "../shell/testing/shell-fixtures";
import type { SessionKind, SessionStatus } from "./session-lifecycle";
import { appendSessionEvent, listSessionEventsAfter, moveSession } from "./session-store";
import { listenToSessionControl } from "./testing/session-control-listener";

let database: TestDatabase;
let db: pg.Pool;
let shells: ReturnType<typeof shellFixtures>;
let labs: ReturnType<typeof labFixtures>;
let control: Awaited<ReturnType<typeof listenToSessionControl>>;
/** A live host of each kind: a runner on the engine holding the shells' images, a lab host. */
const hosts = {} as Record<SessionKind, string>;
let openShell: typeof import("../shell/open-shell").openShell;
let startLab: typeof import("../labs/start-lab").startLab;
let requestLabPreview: typeof import("../labs/request-lab-preview").requestLabPreview;
let sendSessionInput: typeof import("./send-session-input").sendSessionInput;
let closeSession: typeof import("./close-session").closeSession;
let getSession: typeof import("./get-session").getSession;
let streamSessionEvents: typeof import("./stream-session-events").streamSessionEvents;
let ownSession: typeof import("./own-session").ownSession;

const alice = user("alice");
const bob = user("bob");
const NOT_YOURS = "There is no such shell or lab, or it is not yours. Open it again from its page.";
const LAB_SLUG = "keep-model-files";

/**
 * What each kind says in its own words, spelled out here rather than read from SESSION_KIND_RULES so a change of
 * wording shows in this test; and what `getSession` answers for it besides what every kind answers.
 */
const KINDS = [
  [
    "shell",
    {
      idleReason: "The shell was idle for 5 minutes, so it was closed.",
      again: "Open a new one to carry on.",
      closedWhileQueued: "You closed the shell.",
      closedByLearner: "You closed the shell.",
      answer: { submissionId: expect.any(String) },
    },
  ],
  [
    "lab",
    {
      idleReason: "The lab was idle for 20 minutes, so it was closed.",
      again: "Start the lab again to carry on.",
      closedWhileQueued: "You closed the lab before it started.",
      closedByLearner: "You closed the lab.",
      answer: { slug: LAB_SLUG, tasks: [] },
    },
  ],
] as const;

beforeAll(async () => {
  database = await createTestDatabase("sessioncontrol");
  // The functions use the app's shared pool and Prisma, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ openShell } = await import("../shell/open-shell"));
  ({ startLab } = await import("../labs/start-lab"));
  ({ requestLabPreview } = await import("../labs/request-lab-preview"));
  ({ sendSessionInput } = await import("./send-session-input"));
  ({ closeSession } = await import("./close-session"));
  ({ getSession } = await import("./get-session"));
  ({ streamSessionEvents } = await import("./stream-session-events"));
  ({ ownSession } = await import("./own-session"));
  db = new pg.Pool({ connectionString: database.url });
  shells = shellFixtures(db);
  labs = labFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }, { id: "ines", role: "instructor" }]);
  hosts.shell = await shells.runner("engine-a");
  hosts.lab = await labs.runner();
  control = await listenToSessionControl(database.url);
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end(), control?.end()]);
  await database?.drop();
});

/** A host of the kind that stopped beating ten minutes ago. */
async function deadHost(kind: SessionKind): Promise<string> {
  return kind === "shell" ? shells.runner("engine-a", { alive: false }) : labs.runner({ alive: false });
}

/**
 * A session of Alice's of the kind in the given state, her earlier ones of the kind closed first: a shell opened on a
 * submission, a lab started from its page, then moved on as a host would. "starting" and "open" are held by `host`.
 */
async function sessionOf(
  kind: SessionKind,
  status: Exclude<SessionStatus, "closed">,
  host = hosts[kind],
): Promise<string> {
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE "userId" = 'alice' AND kind = $1`, [kind]);
  const size = { cols: 80, rows: 24 };
  const { id } =
    kind === "shell"
      ? await openShell(alice, {
          kind: "shell",
          submissionId: await shells.submission("alice", { keptFor: 600 }),
          ...size,
        })
      : await startLab(alice, { kind: "lab", slug: LAB_SLUG, ...size });
  if (status !== "queued") await moveSession(db, id, { to: "starting", runnerId: host });
  if (status === "open") await moveSession(db, id, { to: "open" });
  return id;
}

/** A queued session of someone else's, asked for `age` ago (a PostgreSQL interval), ahead of any asked for later. */
async function queuedAhead(kind: SessionKind, userId: string, { engineId = "engine-a", age = "2 seconds" } = {}) {
  const submissionId = kind === "shell" ? await shells.submission(userId, { keptFor: 600, engineId }) : null;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId", "labSlug", "createdAt")
     VALUES (gen_random_uuid()::text, $1::"SessionKind", $2, $3, $4, $5, now() - $6::interval) RETURNING id`,
    [kind, userId, submissionId, kind === "shell" ? engineId : null, kind === "lab" ? LAB_SLUG : null, age],
  );
  return rows[0]!.id;
}

/** Closes every queued session, so a test counts places in the queue from an empty one. */
async function emptyQueue() {
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE status = 'queued'`);
}

async function row(id: string) {
  const { rows } = await db.query(
    `SELECT status::text, cols, rows, "closeReason", "lastInputAt" FROM sandbox_session WHERE id = $1`,
    [id],
  );
  return rows[0];
}

describe("ownership", () => {
  it.each(KINDS)(
    "answers anyone but the %s's learner, staff included, with the same 404 as an unknown session",
    async (kind) => {
      const input = { type: "input", data: "id\r" } as const;
      const signal = new AbortController().signal;
      for (const status of ["queued", "open"] as const) {
        const id = await sessionOf(kind, status);
        for (const who of [bob, user("ines", "instructor")]) {
          await expect(getSession(who, id)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
          await expect(sendSessionInput(who, id, input)).rejects.toMatchObject({
            code: "NOT_FOUND",
            message: NOT_YOURS,
          });
          await expect(closeSession(who, id)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
          await expect(requestLabPreview(who, id, { port: 8080, path: "/" })).rejects.toMatchObject({
            code: "NOT_FOUND",
            message: NOT_YOURS,
          });
          await expect(streamSessionEvents(who, id, "0", signal)).rejects.toMatchObject({
            code: "NOT_FOUND",
            message: NOT_YOURS,
          });
        }
        // Nobody else's request reached it: a queued one is still queued (a close would have closed it at once).
        expect((await row(id)).status).toBe(status);
        expect(control.heard.filter((m) => m.sessionId === id && m.kind !== "request")).toEqual([]);
      }
    },
  );

  it("answers an unknown id and a malformed one with the same 404", async () => {
    await expect(sendSessionInput(alice, "no-such-session", { type: "input", data: "id\r" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: NOT_YOURS,
    });
    for (const bad of ["no-such-session", "a\u0000b", "x".repeat(5000), "../x", ""]) {
      await expect(ownSession("alice", bad)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
      await expect(getSession(alice, bad)).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_YOURS });
    }
  });

  it("answers a request for one kind about a session of the other with the same 404", async () => {
    const shell = await sessionOf("shell", "open");
    const lab = await sessionOf("lab", "open");
    expect(await ownSession("alice", shell, { kind: "shell" })).toMatchObject({ id: shell, kind: "shell" });
    await expect(ownSession("alice", shell, { kind: "lab" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: NOT_YOURS,
    });
    await expect(ownSession("alice", lab, { kind: "shell" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: NOT_YOURS,
    });
    // A shell has no ports to preview.
    await expect(requestLabPreview(alice, shell, { port: 8080, path: "/" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: NOT_YOURS,
    });
    expect(control.heard.filter((m) => m.sessionId === shell && m.kind === "preview")).toEqual([]);
  });
});

describe("sendSessionInput", () => {
  it.each(KINDS)("passes keystrokes to the host holding an open %s, and records the last keystroke", async (kind) => {
    const id = await sessionOf(kind, "open");
    expect((await row(id)).lastInputAt).toBeNull();
    await sendSessionInput(alice, id, { type: "input", data: "ls -la\r" });
    expect(await control.next((m) => m.sessionId === id && m.kind === "input")).toEqual({
      kind: "input",
      sessionId: id,
      data: "ls -la\r",
    });
    expect((await row(id)).lastInputAt).toBeInstanceOf(Date);
  });

  it("stores the last keystroke's time at most every few seconds, not at every keystroke", async () => {
    const id = await sessionOf("lab", "open");
    await sendSessionInput(alice, id, { type: "input", data: "l" });
    const first = (await row(id)).lastInputAt as Date;
    await sendSessionInput(alice, id, { type: "input", data: "s" });
    expect((await row(id)).lastInputAt).toEqual(first);
    await db.query(`UPDATE sandbox_session SET "lastInputAt" = now() - interval '6 seconds' WHERE id = $1`, [id]);
    await sendSessionInput(alice, id, { type: "input", data: "\r" });
    expect(((await row(id)).lastInputAt as Date).getTime()).toBeGreaterThanOrEqual(first.getTime());
  });

  it("passes keystrokes to a starting lab, whose host holds them, but not to a starting shell", async () => {
    const lab = await sessionOf("lab", "starting");
    await sendSessionInput(alice, lab, { type: "input", data: "docker volume ls\r" });
    expect(await control.next((m) => m.sessionId === lab && m.kind === "input")).toEqual({
      kind: "input",
      sessionId: lab,
      data: "docker volume ls\r",
    });
    expect((await row(lab)).lastInputAt).toBeInstanceOf(Date);

    const shell = await sessionOf("shell", "starting");
    const refusal = await sendSessionInput(alice, shell, { type: "input", data: "x" }).catch((e) => e);
    expect(refusal).toMatchObject({
      code: "CONFLICT",
      message:
        "This shell is still starting, so there is nothing to type into yet. Wait for its prompt, then try again.",
      details: { status: "starting" },
    });
    expect(refusal.httpStatus).toBe(409);
    expect((await row(shell)).lastInputAt).toBeNull();
    expect(control.heard.filter((m) => m.sessionId === shell && m.kind === "input")).toEqual([]);
  });

  it.each(KINDS)(
    "records a resize on the %s's row and passes it on, without counting it as a keystroke",
    async (kind, { answer }) => {
      const id = await sessionOf(kind, "open");
      await sendSessionInput(alice, id, { type: "resize", cols: 132, rows: 43 });
      expect(await row(id)).toMatchObject({ cols: 132, rows: 43, lastInputAt: null });
      expect(await control.next((m) => m.sessionId === id && m.kind === "resize")).toEqual({
        kind: "resize",
        sessionId: id,
        cols: 132,
        rows: 43,
      });
      expect(await getSession(alice, id)).toEqual({
        id,
        kind,
        status: "open",
        closeReason: null,
        cols: 132,
        rows: 43,
        createdAt: expect.any(Date),
        openedAt: expect.any(Date),
        closedAt: null,
        ...answer,
      });
    },
  );

  it.each(KINDS)(
    "refuses input to a queued or closed %s, saying its state in words",
    async (kind, { idleReason, again }) => {
      await emptyQueue();
      await queuedAhead(kind, "bob");
      const queued = await sessionOf(kind, "queued");
      const waiting = await sendSessionInput(alice, queued, { type: "input", data: "x" }).catch((e) => e);
      expect(waiting).toMatchObject({
        code: "CONFLICT",
        message:
          `This ${kind} is still waiting for a machine (number 2 in the queue), so there is nothing to type into ` +
          "yet. It starts on its own when a machine is free; this page shows when.",
        details: { status: "queued", position: 2 },
      });
      expect(waiting.httpStatus).toBe(409);

      const open = await sessionOf(kind, "open");
      await moveSession(db, open, { to: "closed", reason: idleReason });
      const refusal = await sendSessionInput(alice, open, { type: "input", data: "x" }).catch((e) => e);
      expect(refusal).toMatchObject({
        code: "CONFLICT",
        message: `This ${kind} is closed: ${idleReason} ${again}`,
        details: { status: "closed", closeReason: idleReason },
      });
      expect(refusal.httpStatus).toBe(409);
      // A resize is refused alike, and neither touched the rows.
      await expect(sendSessionInput(alice, open, { type: "resize", cols: 90, rows: 20 })).rejects.toMatchObject({
        code: "CONFLICT",
        details: { status: "closed" },
      });
      expect(await row(queued)).toMatchObject({ cols: 80, rows: 24, lastInputAt: null });
      expect(await row(open)).toMatchObject({ cols: 80, rows: 24, lastInputAt: null });
      expect(control.heard.filter((m) => [queued, open].includes(m.sessionId) && m.kind !== "request")).toEqual([]);
      await emptyQueue();
    },
  );

  it.each(KINDS)("refuses with 413 an input to a %s too large for one control message", async (kind) => {
    const id = await sessionOf(kind, "open");
    // Past the schema's limit, as only a hand-made request could be: each character JSON-escapes to six bytes.
    const refusal = await sendSessionInput(alice, id, { type: "input", data: "\u0003".repeat(2000) }).catch((e) => e);
    expect(refusal).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("1024 characters") });
    expect(refusal.httpStatus).toBe(413);
    expect(control.heard.filter((m) => m.sessionId === id && m.kind === "input")).toEqual([]);
  });
});

describe("queue positions", () => {
  it("counts a shell's place among queued shells on its engine, and a lab's among every queued lab", async () => {
    await emptyQueue();
    // Ahead of Alice's: Bob's shell on her image's engine and his lab; Ines's shell waits for another engine.
    const bobsShell = await queuedAhead("shell", "bob", { age: "3 seconds" });
    await queuedAhead("lab", "bob", { age: "3 seconds" });
    await queuedAhead("shell", "ines", { engineId: "engine-b", age: "4 seconds" });
    const shell = await sessionOf("shell", "queued");
    const lab = await sessionOf("lab", "queued");
    expect(await getSession(alice, shell)).toMatchObject({ kind: "shell", status: "queued", position: 2 });
    expect(await getSession(alice, lab)).toMatchObject({ kind: "lab", status: "queued", position: 2 });

    // Bob's shell claimed: Alice's is next on the engine; her lab still waits behind his.
    await moveSession(db, bobsShell, { to: "starting", runnerId: hosts.shell });
    expect(await getSession(alice, shell)).toMatchObject({ position: 1 });
    expect(await getSession(alice, lab)).toMatchObject({ position: 2 });

    // A session that left the queue has no place in it.
    await moveSession(db, lab, { to: "starting", runnerId: hosts.lab });
    const claimed = await getSession(alice, lab);
    expect(claimed.status).toBe("starting");
    expect(claimed).not.toHaveProperty("position");
    await emptyQueue();
  });
});

describe("closeSession", () => {
  it.each(KINDS)(
    "closes a queued %s at once, saying so, only once, and tells no host",
    async (kind, { closedWhileQueued }) => {
      const id = await sessionOf(kind, "queued");
      expect(await closeSession(alice, id)).toEqual({ id, status: "closed" });
      expect(await row(id)).toMatchObject({ status: "closed", closeReason: closedWhileQueued });
      expect(await closeSession(alice, id)).toEqual({ id, status: "closed" });
      const events = await listSessionEventsAfter(db, id, "0");
      expect(events.map((e) => e.data)).toEqual([
        { status: "queued" },
        { status: "closed", message: closedWhileQueued },
      ]);
      expect(control.heard.filter((m) => m.sessionId === id && m.kind === "close")).toEqual([]);
    },
  );

  it.each(KINDS)(
    "asks the host holding a live %s to close it, and closes one whose host died itself",
    async (kind, { closedByLearner }) => {
      for (const status of ["open", "starting"] as const) {
        const held = await sessionOf(kind, status);
        expect(await closeSession(alice, held)).toEqual({ id: held, status });
        expect(await control.next((m) => m.sessionId === held && m.kind === "close")).toEqual({
          kind: "close",
          sessionId: held,
        });
        expect((await row(held)).status).toBe(status);
      }
      const orphan = await sessionOf(kind, "open", await deadHost(kind));
      expect(await closeSession(alice, orphan)).toEqual({ id: orphan, status: "closed" });
      expect(await row(orphan)).toMatchObject({ status: "closed", closeReason: closedByLearner });
      expect(control.heard.filter((m) => m.sessionId === orphan && m.kind === "close")).toEqual([]);
    },
  );
});

describe("requestLabPreview", () => {
  it("asks the host of an open lab for a port, with a fresh request id each time", async () => {
    const id = await sessionOf("lab", "open");
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
    const starting = await sessionOf("lab", "starting");
    await expect(requestLabPreview(alice, starting, { port: 80, path: "/" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("still starting, so there is nothing to preview yet"),
    });
    await moveSession(db, starting, { to: "closed", reason: "It could not start." });
    await expect(requestLabPreview(alice, starting, { port: 80, path: "/" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This lab is closed: It could not start. Start the lab again to carry on.",
      details: { status: "closed" },
    });
    expect(control.heard.filter((m) => m.sessionId === starting && m.kind === "preview")).toEqual([]);
  });
});

describe("getSession", () => {
  it("answers a lab with each task's latest standing in the lab's task order", async () => {
    const id = await sessionOf("lab", "open");
    const task = (taskId: string, done: boolean, hint?: string) =>
      appendSessionEvent(db, id, {
        type: "task",
        data: { id: taskId, done, found: "found", ...(hint ? { hint } : {}) },
      });
    // The host's first read reports every task in the lab's order; later reads, those that changed, in any order.
    await task("create-volume", false);
    await task("train", false);
    await task("train", false, "run it");
    await appendSessionEvent(db, id, { type: "output", data: { text: "$ " } });
    await task("create-volume", true);
    expect(await getSession(alice, id)).toEqual({
      id,
      kind: "lab",
      slug: LAB_SLUG,
      status: "open",
      closeReason: null,
      cols: 80,
      rows: 24,
      createdAt: expect.any(Date),
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

describe("streamSessionEvents", () => {
  const PREVIEW = { requestId: "r1", port: 8080, path: "/", status: 200, body: "ok", error: null };

  it.each(KINDS)(
    "replays the %s's events, follows new ones live and ends after it closed; a reconnect resumes",
    async (kind, { closedByLearner }) => {
      const id = await sessionOf(kind, "open");
      await appendSessionEvent(db, id, { type: "output", data: { text: "$ " } });
      const stream = sseFrames(await streamSessionEvents(alice, id, "0", new AbortController().signal));
      const replayed = await stream.take(4);
      expect(parsed(replayed)).toEqual([
        ["status", { status: "queued" }],
        ["status", { status: "starting" }],
        ["status", { status: "open" }],
        ["output", { text: "$ " }],
      ]);
      // Written after the replay: they can only arrive through the app's LISTEN connection. Only a lab has previews.
      await appendSessionEvent(db, id, { type: "output", data: { text: "ls\r\napp.py\r\n$ " } });
      if (kind === "lab") await appendSessionEvent(db, id, { type: "preview", data: PREVIEW });
      await moveSession(db, id, { to: "closed", reason: closedByLearner });
      expect(parsed(await stream.rest())).toEqual([
        ["output", { text: "ls\r\napp.py\r\n$ " }],
        ...(kind === "lab" ? [["preview", PREVIEW]] : []),
        ["status", { status: "closed", message: closedByLearner }],
        ["end", {}],
      ]);

      // A reconnect with the browser's Last-Event-ID gets only what came after it.
      const resumed = sseFrames(await streamSessionEvents(alice, id, replayed[3]!.id!, new AbortController().signal));
      expect((await resumed.rest()).map((f) => f.event)).toEqual([
        "output",
        ...(kind === "lab" ? ["preview"] : []),
        "status",
        "end",
      ]);
    },
  );
});
