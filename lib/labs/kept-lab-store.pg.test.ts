import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import {
  forgetKeptLab,
  KEPT_LAB_DEFAULTS,
  keptLabIdsAmong,
  keptLabsOfUser,
  readKeptLabSettings,
  recordKeptLab,
  removeExpiredKeptLabs,
  takeKeptLab,
  writeKeptLabSettings,
} from "./kept-lab-store";
import { labFixtures } from "./testing/lab-fixtures";

// Kept labs as the database holds them: what the lab host takes at a start, records at a close and sweeps.
let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;

const MB = 1_000_000;
const DAY_MS = 24 * 3600 * 1000;

beforeAll(async () => {
  database = await createTestDatabase("keptlabstore");
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }]);
});

afterAll(async () => {
  await db?.end();
  await database?.drop();
});

beforeEach(async () => {
  await db.query("DELETE FROM kept_lab");
  await db.query("DELETE FROM lab_settings");
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE status <> 'closed'`);
});

/** A lab of `slug` that closed with `bytes` on its disk, kept for its learner; the keep's outcome. */
async function keep(userId: string, slug: string, bytes: number, account = "dockyard-lab-00") {
  const session = await fixtures.lab(userId, { slug, status: "open" });
  return { session, outcome: await recordKeptLab(db, session, { account, bytes }) };
}

/** Makes `slug`'s kept lab of the learner `minutes` old, so "oldest first" does not hang on the clock's grain. */
async function age(userId: string, slug: string, minutes: number) {
  await db.query(
    `UPDATE kept_lab SET "keptAt" = now() - make_interval(mins => $3) WHERE "userId" = $1 AND "labSlug" = $2`,
    [userId, slug, minutes],
  );
}

const slugsOf = async (userId: string) => (await keptLabsOfUser(db, userId)).map((k) => k.labSlug).sort();

describe("settings", () => {
  it("are the defaults until an admin saves others, then what was saved", async () => {
    expect(await readKeptLabSettings(db)).toEqual(KEPT_LAB_DEFAULTS);
    await writeKeptLabSettings(db, { keptDays: 7, keptBytesPerUser: 5 * MB });
    await writeKeptLabSettings(db, { keptDays: 9, keptBytesPerUser: 6 * MB });
    expect(await readKeptLabSettings(db)).toEqual({ keptDays: 9, keptBytesPerUser: 6 * MB });
    expect((await db.query("SELECT count(*)::int AS n FROM lab_settings")).rows[0].n).toBe(1);
  });
});

describe("recordKeptLab", () => {
  it("keeps a closed lab for the admin's days, for its learner and lab", async () => {
    await writeKeptLabSettings(db, { keptDays: 7, keptBytesPerUser: 100 * MB });
    const before = Date.now();
    const { outcome } = await keep("alice", "net", 3 * MB, "dockyard-lab-03");
    expect(outcome).toEqual({ kept: true, id: expect.any(String), expiresAt: expect.any(Date), evicted: [] });
    if (!outcome.kept) throw new Error("not kept");
    const days = (outcome.expiresAt.getTime() - before) / DAY_MS;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    expect(await keptLabsOfUser(db, "alice")).toEqual([
      {
        id: outcome.id,
        userId: "alice",
        labSlug: "net",
        account: "dockyard-lab-03",
        bytes: 3 * MB,
        keptAt: expect.any(Date),
        expiresAt: outcome.expiresAt,
        sessionId: null,
        held: false,
      },
    ]);
    expect(await keptLabsOfUser(db, "bob")).toEqual([]);
    // Only lab sessions are kept.
    await expect(recordKeptLab(db, "no-such-session", { account: "a", bytes: 1 })).rejects.toThrow(/no lab session/);
  });

  it("replaces the learner's kept lab of the same lab (the one the session resumed), days anew", async () => {
    await writeKeptLabSettings(db, { keptDays: 3, keptBytesPerUser: 100 * MB });
    const first = await keep("alice", "net", 3 * MB);
    if (!first.outcome.kept) throw new Error("not kept");
    const next = await fixtures.lab("alice", { slug: "net", status: "starting" });
    expect((await takeKeptLab(db, next))?.id).toBe(first.outcome.id);
    await db.query(`UPDATE kept_lab SET "expiresAt" = now() + interval '1 hour'`);

    const again = await recordKeptLab(db, next, { account: "dockyard-lab-05", bytes: 4 * MB });
    expect(again).toMatchObject({ kept: true, id: first.outcome.id, evicted: [] });
    const [row, ...more] = await keptLabsOfUser(db, "alice");
    expect(more).toEqual([]);
    expect(row).toMatchObject({ account: "dockyard-lab-05", bytes: 4 * MB, sessionId: null });
    expect((row!.expiresAt.getTime() - Date.now()) / DAY_MS).toBeGreaterThan(2.99);
  });

  it("makes room under the learner's quota by removing their oldest kept labs, not other learners'", async () => {
    await writeKeptLabSettings(db, { keptDays: 30, keptBytesPerUser: 10 * MB });
    await keep("alice", "a", 4 * MB);
    await age("alice", "a", 30);
    await keep("alice", "b", 4 * MB);
    await age("alice", "b", 20);
    await keep("bob", "a", 9 * MB);

    const { outcome } = await keep("alice", "c", 4 * MB);
    expect(outcome).toMatchObject({ kept: true, evicted: [expect.objectContaining({ labSlug: "a", bytes: 4 * MB })] });
    expect(await slugsOf("alice")).toEqual(["b", "c"]);
    expect(await slugsOf("bob")).toEqual(["a"]);

    // Room for a large one takes every older one it needs, oldest first.
    await age("alice", "c", 10);
    const big = await keep("alice", "d", 9 * MB);
    expect(big.outcome.kept && big.outcome.evicted.map((k) => k.labSlug)).toEqual(["b", "c"]);
    expect(await slugsOf("alice")).toEqual(["d"]);
  });

  it("does not keep a disk larger than the whole quota, and forgets the lab's older kept one", async () => {
    await writeKeptLabSettings(db, { keptDays: 30, keptBytesPerUser: 10 * MB });
    await keep("alice", "net", 2 * MB);
    await keep("alice", "other", 2 * MB);
    const { outcome } = await keep("alice", "net", 11 * MB);
    expect(outcome).toEqual({ kept: false, bytes: 11 * MB, quotaBytes: 10 * MB });
    // The older kept work of that lab is not the work just closed: it goes; the other lab's stays.
    expect(await slugsOf("alice")).toEqual(["other"]);

    // A quota of nothing keeps nothing.
    await writeKeptLabSettings(db, { keptDays: 30, keptBytesPerUser: 0 });
    expect((await keep("alice", "third", 1)).outcome).toMatchObject({ kept: false, quotaBytes: 0 });
  });

  it("never removes a kept lab a session holds (its disk is in use), even when it is the oldest", async () => {
    await writeKeptLabSettings(db, { keptDays: 30, keptBytesPerUser: 10 * MB });
    await keep("alice", "held", 4 * MB);
    await age("alice", "held", 60);
    await keep("alice", "free", 4 * MB);
    await age("alice", "free", 30);
    const resumed = await fixtures.lab("alice", { slug: "held", status: "starting" });
    expect(await takeKeptLab(db, resumed)).toMatchObject({ labSlug: "held", sessionId: resumed });

    const { outcome } = await keep("alice", "new", 4 * MB);
    expect(outcome.kept && outcome.evicted.map((k) => k.labSlug)).toEqual(["free"]);
    expect(await slugsOf("alice")).toEqual(["held", "new"]);

    const { outcome: over } = await keep("alice", "newer", 4 * MB);
    expect(over.kept && over.evicted.map((k) => k.labSlug)).toEqual(["new"]);
    // All it can remove is not room enough: the new one is kept all the same, over the quota while the held one is.
    const { outcome: last } = await keep("alice", "last", 8 * MB);
    expect(last).toMatchObject({ kept: true });
    expect(await slugsOf("alice")).toEqual(["held", "last"]);
  });
});

describe("takeKeptLab", () => {
  it("hands the learner's kept lab of the lab to the session that starts it, once", async () => {
    const { outcome } = await keep("alice", "net", 3 * MB);
    if (!outcome.kept) throw new Error("not kept");
    const starting = await fixtures.lab("alice", { slug: "net", status: "starting" });
    expect(await takeKeptLab(db, starting)).toMatchObject({
      id: outcome.id,
      userId: "alice",
      labSlug: "net",
      bytes: 3 * MB,
      sessionId: starting,
    });
    // Another session of the same lab (a second host's claim) gets nothing: one disk, one lab.
    const second = await fixtures.lab("alice", { slug: "net", status: "starting" });
    expect(await takeKeptLab(db, second)).toBeUndefined();
    expect(await takeKeptLab(db, starting)).toBeUndefined();
    // Nothing kept of another lab, or for another learner; no such session.
    expect(await takeKeptLab(db, await fixtures.lab("alice", { slug: "other" }))).toBeUndefined();
    expect(await takeKeptLab(db, await fixtures.lab("bob", { slug: "net" }))).toBeUndefined();
    expect(await takeKeptLab(db, "no-such-session")).toBeUndefined();
  });

  it("lets a failed resume give the kept lab back, to be taken again", async () => {
    const { outcome } = await keep("alice", "net", 3 * MB);
    if (!outcome.kept) throw new Error("not kept");
    const failed = await fixtures.lab("alice", { slug: "net", status: "starting" });
    await takeKeptLab(db, failed);
    const { giveBackKeptLab } = await import("./kept-lab-store");
    await giveBackKeptLab(db, outcome.id);
    const next = await fixtures.lab("alice", { slug: "net", status: "starting" });
    expect(await takeKeptLab(db, next)).toMatchObject({ id: outcome.id, sessionId: next });
  });

  it("forgets the kept lab for a session started over (`fresh`), and hands it nothing", async () => {
    const { outcome } = await keep("alice", "net", 3 * MB);
    await keep("alice", "other", 3 * MB);
    const over = await fixtures.lab("alice", { slug: "net", status: "starting" });
    await db.query(`UPDATE sandbox_session SET fresh = true WHERE id = $1`, [over]);
    expect(await takeKeptLab(db, over)).toBeUndefined();
    expect(await slugsOf("alice")).toEqual(["other"]);
    if (outcome.kept) expect(await keptLabIdsAmong(db, [outcome.id])).toEqual(new Set());
  });

  it("does not forget a kept lab another session holds when a fresh one starts", async () => {
    await keep("alice", "net", 3 * MB);
    const holder = await fixtures.lab("alice", { slug: "net", status: "open" });
    await takeKeptLab(db, holder);
    const over = await fixtures.lab("alice", { slug: "net", status: "starting" });
    await db.query(`UPDATE sandbox_session SET fresh = true WHERE id = $1`, [over]);
    expect(await takeKeptLab(db, over)).toBeUndefined();
    expect(await keptLabsOfUser(db, "alice")).toEqual([expect.objectContaining({ sessionId: holder })]);
  });
});

describe("a kept lab held by a session that closed without giving it back (its runner died for good)", () => {
  it("is free again: resumed by the next start, forgotten, or removed at its expiry", async () => {
    const { outcome } = await keep("alice", "net", 3 * MB);
    if (!outcome.kept) throw new Error("not kept");
    const dead = await fixtures.lab("alice", { slug: "net", status: "open" });
    await takeKeptLab(db, dead);
    expect((await keptLabsOfUser(db, "alice"))[0]).toMatchObject({ sessionId: dead, held: true });
    expect(await forgetKeptLab(db, "alice", "net")).toBe("open");
    await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE id = $1`, [dead]);
    expect((await keptLabsOfUser(db, "alice"))[0]).toMatchObject({ sessionId: dead, held: false });
    const next = await fixtures.lab("alice", { slug: "net", status: "starting" });
    expect(await takeKeptLab(db, next)).toMatchObject({ id: outcome.id, sessionId: next, held: true });
    await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE id = $1`, [next]);
    await db.query(`UPDATE kept_lab SET "expiresAt" = now() - interval '1 minute'`);
    expect(await removeExpiredKeptLabs(db)).toEqual([outcome.id]);
  });
});

describe("removeExpiredKeptLabs", () => {
  it("removes the kept labs past their expiry that no session holds, and answers their ids", async () => {
    const expired = await keep("alice", "expired", MB);
    const held = await keep("alice", "held", MB);
    const current = await keep("bob", "current", MB);
    await db.query(`UPDATE kept_lab SET "expiresAt" = now() - interval '1 minute' WHERE "labSlug" <> 'current'`);
    const holder = await fixtures.lab("alice", { slug: "held", status: "open" });
    await takeKeptLab(db, holder);

    const ids = [expired, held, current].map(({ outcome }) => (outcome.kept ? outcome.id : ""));
    expect(await removeExpiredKeptLabs(db)).toEqual([ids[0]]);
    expect(await keptLabIdsAmong(db, [...ids, "no-such-id"])).toEqual(new Set([ids[1], ids[2]]));
    expect(await removeExpiredKeptLabs(db)).toEqual([]);
  });
});

describe("forgetKeptLab", () => {
  it("answers none, open (a session holds it) or forgotten, and forgets only the learner's own", async () => {
    expect(await forgetKeptLab(db, "alice", "net")).toBe("none");
    await keep("alice", "net", MB);
    await keep("bob", "net", MB);
    const holder = await fixtures.lab("alice", { slug: "net", status: "open" });
    await takeKeptLab(db, holder);
    expect(await forgetKeptLab(db, "alice", "net")).toBe("open");
    expect(await slugsOf("alice")).toEqual(["net"]);

    await db.query(`UPDATE kept_lab SET "sessionId" = NULL`);
    expect(await forgetKeptLab(db, "alice", "net")).toBe("forgotten");
    expect(await slugsOf("alice")).toEqual([]);
    expect(await slugsOf("bob")).toEqual(["net"]);
    expect(await forgetKeptLab(db, "alice", "net")).toBe("none");
  });
});
