import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHELL_LIMITS } from "../lib/shell/shell-limits";
import { insertUsers } from "../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../test-support/db/test-database";
import { KEPT_IMAGE_MARGIN_SECONDS, keepImage, keptImageRules, shellSessionLive } from "./kept-images";

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase("keptimages");
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "u" }]);
  for (const id of ["s1", "s2", "s3", "s4"]) {
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status) VALUES ($1, 'u', 'x', '[]', 'passed')`,
      [id],
    );
  }
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

const keptUntil = async (id: string) =>
  (await db.query(`SELECT "engineId", tag, "keptUntil" FROM kept_image WHERE "submissionId" = $1`, [id])).rows[0];
const setKeptUntil = (id: string, secondsFromNow: number) =>
  db.query(`UPDATE kept_image SET "keptUntil" = now() + make_interval(secs => $2) WHERE "submissionId" = $1`, [
    id,
    secondsFromNow,
  ]);
const session = (submissionId: string, status: string) =>
  db
    .query<{ id: string }>(
      `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId", status)
       VALUES (gen_random_uuid()::text, 'shell', 'u', $1, 'e1', $2::"SessionStatus") RETURNING id`,
      [submissionId, status],
    )
    .then((r) => r.rows[0]!.id);

describe("keepImage", () => {
  it("keeps for imageKeepSeconds, and a retry of the same submission replaces the record", async () => {
    await keepImage(db, { submissionId: "s1", engineId: "e1", tag: "dockyard-sub-s1" });
    const first = await keptUntil("s1");
    const seconds = (first.keptUntil.getTime() - Date.now()) / 1000;
    expect(Math.abs(seconds - SHELL_LIMITS.imageKeepSeconds)).toBeLessThan(60);
    await keepImage(db, { submissionId: "s1", engineId: "e2", tag: "dockyard-sub-s1" });
    expect((await keptUntil("s1")).engineId).toBe("e2");
    expect((await db.query(`SELECT count(*)::int AS n FROM kept_image`)).rows[0].n).toBe(1);
  });
});

describe("keptImageRules", () => {
  const rules = () => keptImageRules(db, "e1");

  it("keeps while the keep lasts, then releases, and says nothing for another engine or no record", async () => {
    await keepImage(db, { submissionId: "s2", engineId: "e1", tag: "dockyard-sub-s2" });
    expect(await rules().imageKeep("s2")).toEqual({ tag: "dockyard-sub-s2", verdict: "keep" });
    expect(await keptImageRules(db, "e9").imageKeep("s2")).toBeUndefined();
    expect(await rules().imageKeep("s4")).toBeUndefined();
    await setKeptUntil("s2", -1);
    expect(await rules().imageKeep("s2")).toEqual({ tag: "dockyard-sub-s2", verdict: "release" });
    await rules().released("s2");
    expect(await keptUntil("s2")).toBeUndefined();
  });

  it("keeps an expired image while a live shell uses it, until past any shell's life", async () => {
    await keepImage(db, { submissionId: "s3", engineId: "e1", tag: "dockyard-sub-s3" });
    await setKeptUntil("s3", -60);
    const shell = await session("s3", "open");
    expect((await rules().imageKeep("s3"))?.verdict).toBe("keep");
    await setKeptUntil("s3", -(SHELL_LIMITS.totalSeconds + KEPT_IMAGE_MARGIN_SECONDS + 60));
    expect((await rules().imageKeep("s3"))?.verdict).toBe("release");
    await setKeptUntil("s3", -60);
    await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE id = $1`, [shell]);
    expect((await rules().imageKeep("s3"))?.verdict).toBe("release");
    // A retry renewed the keep between the verdict and the removal: its record stays.
    await setKeptUntil("s3", 600);
    await rules().released("s3");
    expect(await keptUntil("s3")).toBeDefined();
  });
});

describe("shellSessionLive", () => {
  it("is true for queued, starting and open sessions and for sessions it does not know", async () => {
    const live = shellSessionLive(db);
    for (const status of ["queued", "starting", "open"]) expect(await live(await session("s4", status))).toBe(true);
    expect(await live(await session("s4", "closed"))).toBe(false);
    expect(await live("no-such-session")).toBe(true);
  });
});
