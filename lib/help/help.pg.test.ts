import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClass } from "../../test-support/db/insert-classes";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import type { RequestError } from "../errors/request-error";
import { EVENTS_CHANNEL } from "../events/event-channel";
import { labFixtures } from "../labs/testing/lab-fixtures";
import { appendSessionEvent } from "../sessions/session-store";
import { listenToSessionControl } from "../sessions/testing/session-control-listener";
import { closeShellConnections, user } from "../shell/testing/shell-fixtures";
import type { LabSnapshot } from "./help-protocol";

let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;
let control: Awaited<ReturnType<typeof listenToSessionControl>>;
let runnerId: string;
let ask: typeof import("./ask-for-help");
let threads: typeof import("./help-threads");
let watch: typeof import("./watch-session");
let snapshots: typeof import("./help-snapshots");
let sendSessionInput: typeof import("../sessions/send-session-input").sendSessionInput;
let closeSession: typeof import("../sessions/close-session").closeSession;
let loadLab: typeof import("../labs/load-lab").loadLab;

const LAB = "keep-model-files";
const EXERCISE = "first-image";

const ivan = user("ivan", "instructor"); // instructor of class A
const tara = user("tara"); // TA of class A (a learner on the platform)
const tom = user("tom"); // TA of class B
const ada = user("ada", "admin"); // in no class
const alice = user("alice"); // learner in class A
const amy = user("amy"); // learner in class A
const bob = user("bob"); // learner in class B
const nora = user("nora"); // learner in no class
const olga = user("olga"); // learner of an archived class only
const lena = user("lena"); // learner in class A, for the limit

beforeAll(async () => {
  database = await createTestDatabase("help");
  // The functions use the app's shared pool, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ask = await import("./ask-for-help");
  threads = await import("./help-threads");
  watch = await import("./watch-session");
  snapshots = await import("./help-snapshots");
  ({ sendSessionInput } = await import("../sessions/send-session-input"));
  ({ closeSession } = await import("../sessions/close-session"));
  ({ loadLab } = await import("../labs/load-lab"));
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(
    db,
    [ivan, tara, tom, ada, alice, amy, bob, nora, olga, lena].map(({ id, name, role }) => ({ id, name, role })),
  );
  await insertClass(db, { id: "class-a", instructors: ["ivan"], tas: ["tara"], learners: ["alice", "amy", "lena"] });
  await insertClass(db, { id: "class-b", tas: ["tom"], learners: ["bob"] });
  await insertClass(db, { id: "class-old", tas: ["tom"], learners: ["olga"] });
  await db.query(`UPDATE class SET "archivedAt" = now() WHERE id = 'class-old'`);
  control = await listenToSessionControl(database.url);
  runnerId = await fixtures.runner();
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end(), control?.end()]);
  await database?.drop();
});

/** The error a call fails with, so a test can name its code and message. */
async function failure(work: Promise<unknown>): Promise<RequestError> {
  try {
    await work;
  } catch (err) {
    return err as RequestError;
  }
  throw new Error("expected the call to fail");
}

async function openLab(userId: string, slug = LAB): Promise<string> {
  return fixtures.lab(userId, { slug, status: "open", runnerId });
}

const closeLabs = () => db.query(`UPDATE sandbox_session SET status = 'closed' WHERE status <> 'closed'`);
const resolveAll = (userId: string) =>
  db.query(`UPDATE help_request SET status = 'resolved' WHERE "userId" = $1`, [userId]);

function labSnapshotOf(view: { snapshot: { kind: string } }): LabSnapshot {
  if (view.snapshot.kind !== "lab") throw new Error("not a lab's snapshot");
  return (view.snapshot as { kind: "lab"; lab: LabSnapshot }).lab;
}

function resultDocument(submissionId: string, failed: number) {
  const check = (i: number, status: "pass" | "fail") => ({
    id: `check-${i}`,
    category: "correctness",
    title: `Check ${i}`,
    status,
    points: status === "pass" ? 1 : 0,
    maxPoints: 1,
    message: `Message ${i}`,
    fix: "Fix it.",
    lesson: "first-image",
  });
  return {
    version: 4,
    submissionId,
    exercise: EXERCISE,
    status: "failed",
    score: 0.25,
    phases: [],
    checks: [check(0, "pass"), ...Array.from({ length: failed }, (_, i) => check(i + 1, "fail"))],
    logTruncated: false,
  };
}

async function submission(id: string, userId: string, failed: number, minutesAgo: number): Promise<void> {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "createdAt")
     VALUES ($1, $2, $3, '[]', 'failed', $4::jsonb, now() - make_interval(mins => $5))`,
    [id, userId, EXERCISE, JSON.stringify(resultDocument(id, failed)), minutesAgo],
  );
}

describe("asking for help", () => {
  it("is refused to a learner in no class with staff, or only in an archived one", async () => {
    for (const who of [nora, olga]) {
      const err = await failure(
        ask.askForHelp(who, { kind: "lab", slug: LAB, question: "Stuck", watchConsent: false }),
      );
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toBe("You are in no class with staff to ask; join your class first.");
    }
    expect((await threads.helpForLearner(nora.id, { kind: "lab", slug: LAB })).canAsk).toBe(false);
  });

  it("sends a lab's tasks, its terminal's end as plain text, and asks the open lab's host for the engine", async () => {
    const lab = await loadLab(LAB);
    const [first] = lab.spec.tasks;
    const sessionId = await openLab("alice");
    await db.query(`INSERT INTO lab_task_done ("userId", "labSlug", "taskId") VALUES ('alice', $1, $2)`, [
      LAB,
      first!.id,
    ]);
    await appendSessionEvent(db, sessionId, {
      type: "output",
      data: { text: "\u001b[1;32mlab$\u001b[0m docker ps\r\n" },
    });
    await appendSessionEvent(db, sessionId, {
      type: "output",
      data: { text: "CONTAINER ID   IMAGE\r\nlab$ lss\b \b" },
    });

    const asked = await ask.askForHelp(alice, {
      kind: "lab",
      slug: LAB,
      question: "  Why is my volume empty?  ",
      watchConsent: true,
    });
    expect(asked).toMatchObject({ kind: "lab", itemSlug: LAB, itemTitle: lab.spec.title, status: "open" });
    expect(asked).toMatchObject({ question: "  Why is my volume empty?  ", watchConsent: true, messages: [] });
    const snapshot = labSnapshotOf(asked);
    expect(snapshot.tasks).toEqual(lab.spec.tasks.map((t) => ({ id: t.id, title: t.title, done: t.id === first!.id })));
    expect(snapshot.output).toBe("lab$ docker ps\nCONTAINER ID   IMAGE\nlab$ ls");
    expect(snapshot.outputFrom).toBe("live");
    expect(snapshot.engine).toMatchObject({ kind: "unread", reason: "waiting for the lab machine" });
    const { rows } = await db.query(`SELECT "sessionId" FROM help_request WHERE id = $1`, [asked.id]);
    expect(rows[0].sessionId).toBe(sessionId);
    expect(await control.next((m) => m.kind === "snapshot" && m.sessionId === sessionId)).toEqual({
      kind: "snapshot",
      sessionId,
      helpId: asked.id,
    });
  });

  it("takes the lab host's engine snapshot only for the request asked from that session, and NOTIFYs it", async () => {
    const [request] = (await threads.helpForLearner("alice", { kind: "lab", slug: LAB })).requests;
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (m) => heard.push(m.payload ?? ""));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    try {
      const engine = {
        kind: "read" as const,
        readAt: new Date().toISOString(),
        containers: [
          {
            name: "api",
            image: "model-server:1",
            status: "exited",
            exitCode: 1,
            ports: ["127.0.0.1:8080->8000"],
            networks: ["bridge"],
          },
        ],
        images: ["model-server:1"],
        volumes: ["models"],
        networks: ["bridge", "host", "none"],
        truncated: false,
      };
      const other = await openLab("amy");
      expect(await snapshots.attachEngineSnapshot(db, request!.id, other, engine)).toBe(false);
      const { rows } = await db.query(`SELECT "sessionId" FROM help_request WHERE id = $1`, [request!.id]);
      expect(await snapshots.attachEngineSnapshot(db, request!.id, rows[0].sessionId, engine)).toBe(true);
      const [after] = (await threads.helpForLearner("alice", { kind: "lab", slug: LAB })).requests;
      expect(labSnapshotOf(after!).engine).toEqual(engine);
      expect(labSnapshotOf(after!).output).toBe(labSnapshotOf(request!).output);
      await expect.poll(() => heard, { timeout: 5_000 }).toContain(`help-${request!.id}:engine`);
      await expect(
        snapshots.attachEngineSnapshot(db, request!.id, rows[0].sessionId, { kind: "read" } as never),
      ).rejects.toThrow();
    } finally {
      await listener.end();
    }
  });

  it("says the engine was not read when the lab was not open, and takes the latest closed lab's output", async () => {
    await closeLabs();
    const asked = await ask.askForHelp(alice, { kind: "lab", slug: LAB, question: "Later", watchConsent: false });
    const snapshot = labSnapshotOf(asked);
    expect(snapshot.engine).toMatchObject({ kind: "unread", reason: "the lab was not open when you asked" });
    expect(snapshot.outputFrom).toBe("earlier");
    expect(snapshot.output).toContain("CONTAINER ID");
    const { rows } = await db.query(`SELECT "sessionId" FROM help_request WHERE id = $1`, [asked.id]);
    expect(rows[0].sessionId).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(control.heard.filter((m) => m.kind === "snapshot" && "helpId" in m && m.helpId === asked.id)).toEqual([]);
    await resolveAll("alice");
  });

  it("keeps a learner to 3 open requests, and lets them ask again once one is solved", async () => {
    const question = { kind: "lab" as const, slug: LAB, question: "Again", watchConsent: false };
    const first = await ask.askForHelp(lena, question);
    await ask.askForHelp(lena, question);
    await ask.askForHelp(lena, { kind: "exercise", slug: EXERCISE, question: "And here" });
    const err = await failure(ask.askForHelp(lena, question));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/^You have 3 open requests for help already\. Mark one solved/);
    expect((await threads.helpForLearner("lena", { kind: "lab", slug: LAB })).openCount).toBe(3);
    await threads.resolveHelp(lena, first.id);
    await ask.askForHelp(lena, question);
    await resolveAll("lena");
  });

  it("sends an exercise's latest attempt with its first 20 failed checks, or the one the learner names", async () => {
    const none = await ask.askForHelp(amy, { kind: "exercise", slug: EXERCISE, question: "Where to start?" });
    expect(none.snapshot).toEqual({ kind: "exercise", exercise: { attempt: null } });

    await submission("amy1", "amy", 2, 10);
    await submission("amy2", "amy", 25, 5);
    await submission("bob1", "bob", 1, 5);
    const latest = await ask.askForHelp(amy, { kind: "exercise", slug: EXERCISE, question: "Why 25?" });
    if (latest.snapshot.kind !== "exercise") throw new Error("not an exercise's snapshot");
    const attempt = latest.snapshot.exercise.attempt!;
    expect(attempt).toMatchObject({ submissionId: "amy2", number: 2, status: "failed", score: 0.25 });
    expect(attempt.findings).toHaveLength(20);
    expect(attempt.findings[0]).toEqual({ title: "Check 1", message: "Message 1" });
    expect(attempt.moreFindings).toBe(5);
    const { rows } = await db.query(`SELECT "submissionId" FROM help_request WHERE id = $1`, [latest.id]);
    expect(rows[0].submissionId).toBe("amy2");

    const named = await ask.askForHelp(amy, {
      kind: "exercise",
      slug: EXERCISE,
      question: "And the first?",
      submissionId: "amy1",
    });
    expect(named.snapshot).toMatchObject({ exercise: { attempt: { submissionId: "amy1", number: 1 } } });
    const err = await failure(
      ask.askForHelp(amy, { kind: "exercise", slug: EXERCISE, question: "Bob's?", submissionId: "bob1" }),
    );
    expect(err.code).toBe("NOT_FOUND");
    await resolveAll("amy");
  });
});

describe("the staff's inbox and a request's thread", () => {
  let aliceRequest: string;
  let bobRequest: string;

  beforeAll(async () => {
    await db.query(`DELETE FROM help_request`);
    aliceRequest = (await ask.askForHelp(alice, { kind: "exercise", slug: EXERCISE, question: "Alice asks" })).id;
    bobRequest = (await ask.askForHelp(bob, { kind: "exercise", slug: EXERCISE, question: "Bob asks" })).id;
  });

  it("shows staff only their classes' learners' requests; an admin every one; a learner none", async () => {
    const ids = async (who: typeof alice) => (await threads.helpInbox(who)).map((r) => r.id);
    expect(await ids(tara)).toEqual([aliceRequest]);
    expect(await ids(ivan)).toEqual([aliceRequest]);
    expect(await ids(tom)).toEqual([bobRequest]);
    expect((await ids(ada)).sort()).toEqual([aliceRequest, bobRequest].sort());
    expect(await ids(amy)).toEqual([]);
    const [row] = await threads.helpInbox(tara);
    expect(row).toMatchObject({
      learner: { id: "alice", name: "Alice" },
      itemTitle: expect.any(String),
      question: "Alice asks",
      status: "open",
      messages: 0,
    });
    expect(await threads.openHelpCount(tara)).toBe(1);
    expect(await threads.openHelpCount(ada)).toBe(2);
    expect(await threads.openHelpCount(amy)).toBe(0);

    expect((await threads.helpRequestForStaff(tara, aliceRequest)).learner.id).toBe("alice");
    for (const [who, id] of [
      [tom, aliceRequest],
      [tara, bobRequest],
      [alice, aliceRequest],
      [amy, aliceRequest],
    ] as const) {
      expect((await failure(threads.helpRequestForStaff(who, id))).code).toBe("NOT_FOUND");
    }
    expect((await failure(threads.helpRequestForStaff(tara, "no-such-request"))).code).toBe("NOT_FOUND");
  });

  it("lets the learner and their class's staff write in the thread, staff marked as staff; nobody else", async () => {
    await threads.replyToHelp(tara, aliceRequest, "Look at the logs.");
    await threads.replyToHelp(alice, aliceRequest, "It says permission denied.");
    for (const who of [tom, amy, bob]) {
      expect((await failure(threads.replyToHelp(who, aliceRequest, "Hi"))).code).toBe("NOT_FOUND");
    }
    const [request] = (await threads.helpForLearner("alice", { kind: "exercise", slug: EXERCISE })).requests;
    expect(request!.messages.map((m) => [m.author, m.body])).toEqual([
      [{ name: "Tara", staff: true }, "Look at the logs."],
      [{ name: "Alice", staff: false }, "It says permission denied."],
    ]);
    expect((await threads.helpInbox(tara))[0]!.messages).toBe(2);
  });

  it("lets the learner or their staff resolve it, after which nobody writes in it", async () => {
    expect((await failure(threads.resolveHelp(tom, aliceRequest))).code).toBe("NOT_FOUND");
    await threads.resolveHelp(tara, aliceRequest);
    await threads.resolveHelp(alice, aliceRequest);
    const err = await failure(threads.replyToHelp(alice, aliceRequest, "One more thing"));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe("This request is marked solved. Ask again if you need more help.");
    expect((await threads.helpInbox(tara, { status: "open" })).map((r) => r.id)).toEqual([]);
    expect((await threads.helpInbox(tara, { status: "resolved" })).map((r) => r.id)).toEqual([aliceRequest]);
    await threads.resolveHelp(bob, bobRequest);
  });
});

describe("watching a learner's lab, read-only", () => {
  let sessionId: string;
  let requestId: string;

  beforeAll(async () => {
    await closeLabs();
    sessionId = await openLab("alice");
    requestId = (await ask.askForHelp(alice, { kind: "lab", slug: LAB, question: "Watch me", watchConsent: false })).id;
  });

  it("is for class staff only, with the learner's consent, while the request is open and the lab live", async () => {
    expect(await watch.canWatchSession(tara, sessionId)).toBe(false);
    expect((await threads.helpRequestForStaff(tara, requestId)).watch).toBeNull();

    // Only the learner gives consent.
    expect((await failure(threads.setWatchConsent(tara, requestId, true))).code).toBe("FORBIDDEN");
    expect((await failure(threads.setWatchConsent(tom, requestId, true))).code).toBe("NOT_FOUND");
    await threads.setWatchConsent(alice, requestId, true);

    expect(await watch.canWatchSession(tara, sessionId)).toBe(true);
    expect(await watch.canWatchSession(ivan, sessionId)).toBe(true);
    expect((await threads.helpRequestForStaff(tara, requestId)).watch).toEqual({
      sessionId,
      status: "open",
      cols: 80,
      rows: 24,
      tab: 0,
    });
    // Another class's staff, an admin who is no class staff of hers, and the learner herself (she owns it).
    expect(await watch.canWatchSession(tom, sessionId)).toBe(false);
    expect(await watch.canWatchSession(ada, sessionId)).toBe(false);
    expect((await threads.helpRequestForStaff(ada, requestId)).watch).toBeNull();
    expect(await watch.canWatchSession(alice, sessionId)).toBe(false);
    expect(await watch.canWatchSession(tara, "no such id")).toBe(false);

    await threads.setWatchConsent(alice, requestId, false);
    expect(await watch.canWatchSession(tara, sessionId)).toBe(false);
    await threads.setWatchConsent(alice, requestId, true);
    expect(await watch.canWatchSession(tara, sessionId)).toBe(true);
  });

  it("says the lab machine did not answer when its host has not read the engine after a minute", async () => {
    expect(labSnapshotOf(await threads.helpRequestForStaff(tara, requestId)).engine).toMatchObject({
      reason: "waiting for the lab machine",
    });
    await db.query(`UPDATE help_request SET "createdAt" = now() - interval '2 minutes' WHERE id = $1`, [requestId]);
    expect(labSnapshotOf(await threads.helpRequestForStaff(tara, requestId)).engine).toMatchObject({
      kind: "unread",
      reason: "the lab machine did not answer",
    });
  });

  it("refuses staff typing into, or closing, the lab they watch", async () => {
    const before = control.heard.length;
    const typed = await failure(sendSessionInput(tara, sessionId, { type: "input", data: "rm -rf /\n" }));
    expect(typed.code).toBe("NOT_FOUND");
    const resized = await failure(sendSessionInput(tara, sessionId, { type: "resize", cols: 100, rows: 30 }));
    expect(resized.code).toBe("NOT_FOUND");
    expect((await failure(closeSession(tara, sessionId))).code).toBe("NOT_FOUND");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(control.heard.slice(before).filter((m) => m.sessionId === sessionId)).toEqual([]);
    const { rows } = await db.query(`SELECT status::text FROM sandbox_session WHERE id = $1`, [sessionId]);
    expect(rows[0].status).toBe("open");
  });

  it("streams the lab's output to staff let in, ends once consent is withdrawn, and refuses anyone else", async () => {
    await appendSessionEvent(db, sessionId, { type: "output", data: { text: "lab$ docker volume ls\r\n" } });
    const abort = new AbortController();
    const stream = await watch.streamSessionEventsFor(tara, sessionId, "0", abort.signal);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("docker volume ls")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended before the output");
      text += decoder.decode(value);
    }
    await threads.setWatchConsent(alice, requestId, false);
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    abort.abort();

    expect((await failure(watch.streamSessionEventsFor(tara, sessionId, "0", abort.signal))).code).toBe("NOT_FOUND");
    expect((await failure(watch.streamSessionEventsFor(tom, sessionId, "0", abort.signal))).code).toBe("NOT_FOUND");
    // The owner always follows her own lab.
    const own = new AbortController();
    const ownStream = await watch.streamSessionEventsFor(alice, sessionId, "0", own.signal);
    own.abort();
    await ownStream.cancel();
  });

  it("sends staff the shared tab's output alone, and not one event after the learner stops sharing", async () => {
    await threads.setWatchConsent(alice, requestId, true, 2);
    expect((await threads.helpRequestForStaff(tara, requestId)).watch?.tab).toBe(2);
    expect(await watch.canWatchSession(tara, sessionId, 0)).toBe(false);
    const abort = new AbortController();
    // The page names the tab it was told is shared; another is refused.
    expect((await failure(watch.streamSessionEventsFor(tara, sessionId, "0", abort.signal, 1))).code).toBe("NOT_FOUND");

    const output = (text: string, terminal?: number) =>
      appendSessionEvent(db, sessionId, { type: "output", data: { text, ...(terminal && { terminal }) } });
    await output("private-first-tab\r\n");
    await output("private-tab-1\r\n", 1);
    await output("shared-tab-2\r\n", 2);
    await appendSessionEvent(db, sessionId, { type: "task", data: { id: "run", done: false, found: "nothing yet" } });
    const stream = await watch.streamSessionEventsFor(tara, sessionId, "0", abort.signal, 2);
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const until = async (mark: string) => {
      while (!text.includes(mark)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${mark}`);
        text += decoder.decode(value);
      }
    };
    await until("shared-tab-2");
    await output("private-later\r\n", 1);
    await output("shared-later\r\n", 2);
    await until("shared-later");
    expect(text).toContain("nothing yet");
    expect(text).not.toContain("private");

    // Stop sharing, then more output on the shared tab: the stream ends, and nothing more came.
    await threads.setWatchConsent(alice, requestId, false);
    await output("after-stop\r\n", 2);
    let after = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      after += decoder.decode(value);
    }
    expect(after).toBe("");
    abort.abort();
    expect((await failure(watch.streamSessionEventsFor(tara, sessionId, "0", abort.signal, 2))).code).toBe("NOT_FOUND");
    expect(await threads.watchStanding(tara, requestId)).toEqual({ watch: null, stopped: "sharing" });
  });

  it("ends with the request or the lab: resolved, or closed", async () => {
    await threads.setWatchConsent(alice, requestId, true);
    expect(await watch.canWatchSession(tara, sessionId)).toBe(true);
    await closeLabs();
    expect(await watch.canWatchSession(tara, sessionId)).toBe(false);
    expect((await threads.helpRequestForStaff(tara, requestId)).watch).toBeNull();
    const again = await openLab("alice");
    // A lab of the same slug started again is the lab the learner agreed to show.
    expect(await watch.canWatchSession(tara, again)).toBe(true);
    await threads.resolveHelp(alice, requestId);
    expect(await watch.canWatchSession(tara, again)).toBe(false);
    expect((await failure(threads.setWatchConsent(alice, requestId, true))).code).toBe("CONFLICT");
  });

  it("is about labs only", async () => {
    const request = await ask.askForHelp(alice, { kind: "exercise", slug: EXERCISE, question: "Exercise" });
    expect((await failure(threads.setWatchConsent(alice, request.id, true))).code).toBe("BAD_REQUEST");
    await resolveAll("alice");
  });
});

describe("a lab's task hints during a timed assessment", () => {
  /** The task events the learner's own stream carries, until its first `task` event with id `last`. */
  async function tasksStreamed(sessionId: string, last: string): Promise<Array<{ id: string; hint?: string }>> {
    const abort = new AbortController();
    const reader = (await watch.streamSessionEventsFor(amy, sessionId, "0", abort.signal)).getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(`"id":"${last}"`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    abort.abort();
    await reader.cancel();
    return [...text.matchAll(/^event: task\ndata: (.*)$/gm)].map((m) => {
      const task = JSON.parse(m[1]!) as { id: string; hint?: string };
      return { id: task.id, hint: task.hint };
    });
  }

  it("are left out of the learner's stream while a timed window closes their help, and come back after", async () => {
    const sessionId = await openLab("amy");
    const task = { done: false, found: "no volume", hint: "Create the volume with docker volume create." };
    await appendSessionEvent(db, sessionId, { type: "task", data: { id: "make-volume", ...task } });
    expect(await tasksStreamed(sessionId, "make-volume")).toEqual([{ id: "make-volume", hint: task.hint }]);

    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO assignment (id, "classId", kind, "itemSlug", "dueAt", "latePolicy", "timeLimitMinutes", "updatedAt")
       VALUES ('timed-lab', 'class-a', 'lab', $1, now() + interval '1 day', '[]', 30, now()) RETURNING id`,
      [LAB],
    );
    await db.query(
      `INSERT INTO timed_window ("assignmentId", "userId", "startedAt", "endsAt")
       VALUES ($1, 'amy', now(), now() + interval '30 minutes')`,
      [rows[0]!.id],
    );
    expect(await tasksStreamed(sessionId, "make-volume")).toEqual([{ id: "make-volume", hint: undefined }]);

    await db.query(`UPDATE timed_window SET "closedAt" = now(), "closedReason" = 'finished' WHERE "userId" = 'amy'`);
    expect(await tasksStreamed(sessionId, "make-volume")).toEqual([{ id: "make-volume", hint: task.hint }]);
    await closeLabs();
  });
});
