import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppConnections } from "../../test-support/db/close-app-connections";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";
import type { RequestError } from "../errors/request-error";

let db: pg.Pool;
let drop: () => Promise<void>;
let createSubmission: typeof import("./create-submission").createSubmission;
let errorResponse: typeof import("../http/to-response").errorResponse;

const EXERCISE = "first-image";
const dockerfile = { path: "Dockerfile", content: "FROM python:3.11-slim\n" };
const saved = { limit: process.env.SUBMISSION_RATE_LIMIT, window: process.env.SUBMISSION_RATE_WINDOW_SECONDS };

/** A finished submission of the past, stored as the runner leaves one. */
async function insert(row: { id: string; user: string; status: string; minutesAgo: number; regradeOf?: string }) {
  await db.query(
    `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, "regradeOfId", "createdAt")
     VALUES ($1, $2, $3, '[]', $4::"SubmissionStatus", $5, (now() AT TIME ZONE 'UTC') - make_interval(mins => $6))`,
    [row.id, row.user, EXERCISE, row.status, row.regradeOf ?? null, row.minutesAgo],
  );
}

async function submit(user: string) {
  return createSubmission(user, { exercise: EXERCISE, files: [dockerfile] });
}

async function refusal(user: string): Promise<RequestError> {
  return submit(user).then(
    () => expect.fail(`${user}'s submission was accepted`),
    (err: RequestError) => err,
  );
}

async function countOf(user: string): Promise<number> {
  return (await db.query(`SELECT count(*)::int AS n FROM submission WHERE "userId" = $1`, [user])).rows[0].n;
}

/** The runner's part, without a runner: the learner's submission in flight gets its grade. */
async function finishInFlight(user: string) {
  await db.query(`UPDATE submission SET status = 'failed' WHERE "userId" = $1 AND status IN ('queued', 'running')`, [
    user,
  ]);
}

beforeAll(async () => {
  process.env.SUBMISSION_RATE_LIMIT = "3";
  process.env.SUBMISSION_RATE_WINDOW_SECONDS = "600";
  const database = await createTestDatabase("ratelimit");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  ({ createSubmission } = await import("./create-submission"));
  ({ errorResponse } = await import("../http/to-response"));
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "rita" }, { id: "otto" }, { id: "ivan" }]);
});

afterAll(async () => {
  for (const [name, value] of [
    ["SUBMISSION_RATE_LIMIT", saved.limit],
    ["SUBMISSION_RATE_WINDOW_SECONDS", saved.window],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await Promise.all([closeAppConnections(), db?.end()]);
  await drop?.();
});

describe("the submission rate limit", () => {
  it("refuses the submission over the limit with 429, Retry-After and when to come back, storing nothing", async () => {
    await insert({ id: "rita-a", user: "rita", status: "failed", minutesAgo: 5 });
    await insert({ id: "rita-b", user: "rita", status: "passed", minutesAgo: 1 });
    // Third in the window: still allowed.
    await submit("rita");
    await finishInFlight("rita");

    const err = await refusal("rita");
    // rita-a, five minutes old, leaves the ten-minute window first and makes room again.
    expect(err).toMatchObject({
      code: "RATE_LIMITED",
      message: "You have submitted 3 times in the last 10 minutes. Try again in 5 minutes.",
      details: { limit: 3, windowSeconds: 600, retryAfterSeconds: expect.any(Number) },
    });
    const wait = err.retryAfterSeconds!;
    expect(wait).toBeGreaterThan(240);
    expect(wait).toBeLessThanOrEqual(300);
    const response = errorResponse(err);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe(String(wait));
    expect(await countOf("rita")).toBe(3);
  });

  it("lets the learner submit again once the oldest counted submission leaves the window", async () => {
    await db.query(`UPDATE submission SET "createdAt" = "createdAt" - interval '6 minutes' WHERE id = 'rita-a'`);
    await expect(submit("rita")).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("does not count instructors' re-grades or submissions the platform failed", async () => {
    await insert({ id: "otto-1", user: "otto", status: "passed", minutesAgo: 9 });
    for (const n of [1, 2, 3]) {
      await insert({ id: `otto-err-${n}`, user: "otto", status: "error", minutesAgo: n });
      await insert({ id: `otto-rg-${n}`, user: "otto", status: "passed", minutesAgo: n, regradeOf: "otto-1" });
    }
    await insert({ id: "otto-old", user: "otto", status: "failed", minutesAgo: 11 });
    await submit("otto");
    await finishInFlight("otto");
    await submit("otto");
    await finishInFlight("otto");
    expect(await refusal("otto")).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("counts submissions in flight, and holds under simultaneous submits", async () => {
    await insert({ id: "ivan-1", user: "ivan", status: "failed", minutesAgo: 2 });
    await insert({ id: "ivan-2", user: "ivan", status: "failed", minutesAgo: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => submit("ivan")));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    // With one in flight the learner is at the limit: the longer wait is what they are told.
    const codes = outcomes.flatMap((o) => (o.status === "rejected" ? [(o.reason as RequestError).code] : []));
    expect(new Set(codes)).toEqual(new Set(["RATE_LIMITED"]));
    expect(await countOf("ivan")).toBe(3);
  });
});
