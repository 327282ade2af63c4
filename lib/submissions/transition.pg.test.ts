import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { createPrismaClient } from "../db/client";
import type { ResultDocument } from "../grading/result-schema";
import { listEventsAfter } from "./event-log";
import { EMPTY_VIEW, foldEvent } from "./fold-events";
import { isFinalStatus, SUBMISSION_STATUSES, type SubmissionStatus } from "./lifecycle";
import { type Move, openSubmission, transition } from "./transition";

let database: TestDatabase;
let db: pg.Pool;
let prisma: ReturnType<typeof createPrismaClient>;

beforeAll(async () => {
  database = await createTestDatabase("lifecycle");
  db = new pg.Pool({ connectionString: database.url });
  prisma = createPrismaClient(database.url);
  await insertUsers(db, [{ id: "u" }]);
});

afterAll(async () => {
  await Promise.all([db?.end(), prisma?.$disconnect()]);
  await database?.drop();
});

/** The lifecycle as specified, written out independently of the table in lifecycle.ts. */
const ALLOWED = new Set([
  "queued>running",
  "queued>error",
  "queued>withdrawn",
  "running>running",
  "running>passed",
  "running>failed",
  "running>error",
]);
const allowed = ([from, to]: readonly [SubmissionStatus, SubmissionStatus]) => ALLOWED.has(`${from}>${to}`);

function resultDocument(status: ResultDocument["status"]): ResultDocument {
  return { version: 2, submissionId: "s", exercise: "x", status, score: 1, phases: [], checks: [], logTruncated: true };
}

/** A move to any status, "queued" included: no Move type leads there, and the lifecycle refuses it at run time too. */
function moveTo(to: SubmissionStatus): Move {
  switch (to) {
    case "running":
      return { to, runnerId: "runner-2" };
    case "passed":
    case "failed":
      return { to, result: resultDocument(to) };
    case "error":
      return { to, errorMessage: "The grader could not reach its Docker engine." };
    case "withdrawn":
      return { to, message: "You withdrew this submission before a grader started it." };
    case "queued":
      return { to } as unknown as Move;
  }
}

/** A stored submission brought to `status` the only legal way: opened, then moved. */
async function submissionIn(status: SubmissionStatus): Promise<string> {
  const { id } = await prisma.$transaction((tx) => openSubmission(tx, { userId: "u", exerciseSlug: "x", files: [] }));
  const path: Record<SubmissionStatus, Move[]> = {
    queued: [],
    running: [moveTo("running")],
    passed: [moveTo("running"), moveTo("passed")],
    failed: [moveTo("running"), moveTo("failed")],
    error: [moveTo("error")],
    withdrawn: [moveTo("withdrawn")],
  };
  for (const move of path[status]) expect(await transition(db, id, move)).toMatchObject({ moved: true });
  return id;
}

async function stored(id: string) {
  const row = (await db.query(`SELECT * FROM submission WHERE id = $1`, [id])).rows[0];
  const events = await listEventsAfter(db, id, "0");
  return { row, events, view: events.reduce(foldEvent, EMPTY_VIEW) };
}

describe("the submission lifecycle", () => {
  it("names exactly the statuses of the database's SubmissionStatus enum", async () => {
    const { rows } = await db.query(`SELECT unnest(enum_range(NULL::"SubmissionStatus"))::text AS status`);
    expect(rows.map((r) => r.status)).toEqual([...SUBMISSION_STATUSES]);
  });

  const pairs = SUBMISSION_STATUSES.flatMap((from) => SUBMISSION_STATUSES.map((to) => [from, to] as const));

  it.each(pairs.filter(allowed))("moves %s to %s, row and event log together", async (from, to) => {
    const id = await submissionIn(from);
    const before = await stored(id);
    expect(await transition(db, id, moveTo(to))).toEqual({ moved: true, from });
    const after = await stored(id);
    expect(after.row.status).toBe(to);
    expect(after.view.status).toBe(after.row.status);
    expect(after.events.at(-1)).toMatchObject({ type: "status", data: { status: to } });
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
  });

  it.each(pairs.filter((pair) => !allowed(pair)))("refuses %s to %s and changes nothing", async (from, to) => {
    const id = await submissionIn(from);
    const before = await stored(id);
    expect(await transition(db, id, moveTo(to))).toEqual({ moved: false, current: from });
    const after = await stored(id);
    expect(after.row).toEqual(before.row);
    expect(after.events).toEqual(before.events);
    expect(after.view.status).toBe(after.row.status);
  });

  it("refuses to move a submission that does not exist", async () => {
    expect(await transition(db, "no-such-submission", moveTo("running"))).toEqual({ moved: false, current: undefined });
  });

  it("records who grades and when: the runner and start time on running, the end time once final", async () => {
    const id = await submissionIn("queued");
    await transition(db, id, { to: "running", runnerId: "runner-1" });
    const running = (await stored(id)).row;
    expect(running).toMatchObject({ runnerId: "runner-1", startedAt: expect.any(Date), finishedAt: null });
    await transition(db, id, { to: "running", runnerId: "runner-2" });
    const restarted = (await stored(id)).row;
    expect(restarted.runnerId).toBe("runner-2");
    expect(restarted.startedAt.getTime()).toBeGreaterThanOrEqual(running.startedAt.getTime());
    await transition(db, id, { to: "failed", result: resultDocument("failed") });
    const { row, events } = await stored(id);
    expect(row).toMatchObject({
      status: "failed",
      result: resultDocument("failed"),
      errorMessage: null,
      finishedAt: expect.any(Date),
    });
    expect(events.slice(-2)).toMatchObject([
      { type: "result", data: resultDocument("failed") },
      { type: "status", data: { status: "failed" } },
    ]);
  });

  it("stores a platform error's message on the row and in its event, and keeps a result sent with it", async () => {
    const id = await submissionIn("running");
    await transition(db, id, { to: "error", errorMessage: "engine down", result: resultDocument("error") });
    const { row, events } = await stored(id);
    expect(row).toMatchObject({ status: "error", errorMessage: "engine down", result: resultDocument("error") });
    expect(events.slice(-2)).toMatchObject([
      { type: "result" },
      { type: "status", data: { status: "error", message: "engine down" } },
    ]);
  });

  it("lets only one of two simultaneous final moves through", async () => {
    const id = await submissionIn("running");
    const outcomes = await Promise.all([transition(db, id, moveTo("passed")), transition(db, id, moveTo("error"))]);
    expect(outcomes.filter((o) => o.moved)).toHaveLength(1);
    const { row, events, view } = await stored(id);
    expect(events.filter((e) => e.type === "status" && isFinalStatus(e.data.status))).toHaveLength(1);
    expect(view.status).toBe(row.status);
  });

  it("leaves the row as it was when its event cannot be stored", async () => {
    const id = await submissionIn("running");
    await db.query(`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                      IF NEW."submissionId" = '${id}' THEN RAISE EXCEPTION 'event store down'; END IF;
                      RETURN NEW;
                    END $$`);
    await db.query(`CREATE TRIGGER refuse_event BEFORE INSERT ON submission_event
                    FOR EACH ROW EXECUTE FUNCTION refuse_event()`);
    try {
      const before = await stored(id);
      await expect(transition(db, id, moveTo("passed"))).rejects.toThrow("event store down");
      expect((await stored(id)).row).toEqual(before.row);
    } finally {
      await db.query(`DROP TRIGGER refuse_event ON submission_event; DROP FUNCTION refuse_event()`);
    }
  });

  it("opens a submission and its first event together, or neither", async () => {
    const doomed = { userId: "u", exerciseSlug: "doomed", files: [] };
    const count = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM submission WHERE "exerciseSlug" = 'doomed'`)).rows[0].n;
    await expect(
      prisma.$transaction(async (tx) => {
        await openSubmission(tx, doomed);
        throw new Error("the in-flight check failed after all");
      }),
    ).rejects.toThrow("the in-flight check failed after all");
    expect(await count()).toBe(0);
    const { id } = await prisma.$transaction((tx) => openSubmission(tx, doomed));
    const { row, events } = await stored(id);
    expect(row.status).toBe("queued");
    expect(events).toMatchObject([{ type: "status", data: { status: "queued" } }]);
  });
});
