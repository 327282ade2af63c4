import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import { appendEvent } from "./event-log";

let db: pg.Pool;
let drop: () => Promise<void>;
let streamSubmissionEvents: typeof import("./stream-events").streamSubmissionEvents;

beforeAll(async () => {
  const database = await createTestDatabase("sse");
  drop = database.drop;
  // The stream reads through the app's shared pool, which is configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  ({ streamSubmissionEvents } = await import("./stream-events"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "u1", name: "U", email: "u@example.test" }]);
});

afterAll(async () => {
  await db?.end();
  const { pool } = await import("../db/pool");
  await pool().end();
  await drop?.();
});

async function newSubmission(): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files) VALUES ` +
      `(gen_random_uuid()::text, 'u1', 'first-image', '[]') RETURNING id`,
  );
  return rows[0]!.id;
}

/** Reads SSE frames until the stream ends or `stopAfter` frames arrived. */
async function readFrames(stream: ReadableStream<Uint8Array>, stopAfter = Infinity) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const frames: { id?: string; event?: string; data?: string }[] = [];
  let buffer = "";
  while (frames.length < stopAfter) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value);
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Record<string, string> = {};
      for (const line of raw.split("\n")) {
        const [key, ...rest] = line.split(": ");
        if (key && !line.startsWith(":") && key !== "retry") frame[key] = rest.join(": ");
      }
      if (frame.event) frames.push(frame);
    }
  }
  reader.releaseLock();
  return frames;
}

describe("streamSubmissionEvents", () => {
  it("replays stored events, follows new ones live, and ends after the final status", async () => {
    const id = await newSubmission();
    await appendEvent(db, id, { type: "status", data: { status: "queued" } });
    const abort = new AbortController();
    const reading = readFrames(streamSubmissionEvents(id, "0", abort.signal));
    await new Promise((r) => setTimeout(r, 200));
    await appendEvent(db, id, { type: "log", data: { text: "Step 1/1 : FROM python:3.11-slim\n" } });
    await appendEvent(db, id, { type: "status", data: { status: "passed" } });
    const frames = await reading;
    expect(frames.map((f) => f.event)).toEqual(["status", "log", "status", "end"]);
    expect(JSON.parse(frames[1]!.data!)).toEqual({ text: "Step 1/1 : FROM python:3.11-slim\n" });
    expect(Number(frames[1]!.id)).toBeGreaterThan(Number(frames[0]!.id));
  });

  it("resumes after the browser's Last-Event-ID without repeating events", async () => {
    const id = await newSubmission();
    const first = await appendEvent(db, id, { type: "status", data: { status: "running" } });
    await appendEvent(db, id, { type: "log", data: { text: "second\n" } });
    await appendEvent(db, id, { type: "status", data: { status: "failed" } });
    const frames = await readFrames(streamSubmissionEvents(id, first, new AbortController().signal));
    expect(frames.map((f) => f.event)).toEqual(["log", "status", "end"]);
  });

  it("never mixes in another submission's events", async () => {
    const mine = await newSubmission();
    const other = await newSubmission();
    await appendEvent(db, other, { type: "log", data: { text: "not yours\n" } });
    await appendEvent(db, mine, { type: "status", data: { status: "error", message: "boom" } });
    const frames = await readFrames(streamSubmissionEvents(mine, "0", new AbortController().signal));
    expect(frames.map((f) => f.data).join("")).not.toContain("not yours");
  });
});
