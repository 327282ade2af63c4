import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { rejection } from "../../test-support/rejection";
import { closeShellConnections, user } from "../shell/testing/shell-fixtures";
import {
  KEPT_LAB_DEFAULTS,
  readKeptLabSettings,
  recordKeptLab,
  takeKeptLab,
  writeKeptLabSettings,
} from "./kept-lab-store";
import { labFixtures } from "./testing/lab-fixtures";

// Kept labs as the web app shows them to a learner, and their settings as only an admin changes them.
let database: TestDatabase;
let db: pg.Pool;
let fixtures: ReturnType<typeof labFixtures>;
let keptLabs: typeof import("./kept-labs");

const GB = 1024 ** 3;
const VOLUMES = "keep-model-files";
const alice = user("alice");
const admin = user("ada", "admin");
const instructor = user("ian", "instructor");

beforeAll(async () => {
  database = await createTestDatabase("keptlabs");
  // The functions use the app's shared pool, configured from DATABASE_URL on first use.
  process.env.DATABASE_URL = database.url;
  keptLabs = await import("./kept-labs");
  db = new pg.Pool({ connectionString: database.url });
  fixtures = labFixtures(db);
  await insertUsers(db, [
    { id: "alice" },
    { id: "bob" },
    { id: "ada", name: "Ada", role: "admin" },
    { id: "ian", role: "instructor" },
  ]);
});

afterAll(async () => {
  await Promise.all([closeShellConnections(), db?.end()]);
  await database?.drop();
});

beforeEach(async () => {
  await db.query("DELETE FROM kept_lab");
  await db.query("DELETE FROM lab_settings");
  await db.query("DELETE FROM admin_action");
});

async function keep(userId: string, slug: string, bytes: number): Promise<string> {
  const session = await fixtures.lab(userId, { slug, status: "open" });
  await recordKeptLab(db, session, { account: "dockyard-lab-00", bytes });
  await db.query(`UPDATE sandbox_session SET status = 'closed' WHERE id = $1`, [session]);
  return session;
}

async function logged() {
  const { rows } = await db.query(`SELECT action::text, "actorId", "targetId", details FROM admin_action ORDER BY id`);
  return rows;
}

describe("keptLabsView", () => {
  it("lists the learner's kept labs with titles, what they take of the quota and how long they stay", async () => {
    expect(await keptLabs.keptLabsView("alice")).toEqual({
      labs: [],
      usedBytes: 0,
      quotaBytes: KEPT_LAB_DEFAULTS.keptBytesPerUser,
      keptDays: KEPT_LAB_DEFAULTS.keptDays,
    });
    await writeKeptLabSettings(db, { keptDays: 14, keptBytesPerUser: 6 * GB });
    await keep("alice", VOLUMES, 1.5 * GB);
    await db.query(`UPDATE kept_lab SET "keptAt" = now() - interval '1 hour'`);
    // A lab taken out of the course: its kept work is still the learner's, under its slug.
    await keep("alice", "a-retired-lab", 0.5 * GB);
    await keep("bob", VOLUMES, 2 * GB);
    const resumed = await fixtures.lab("alice", { slug: "a-retired-lab", status: "starting" });
    await takeKeptLab(db, resumed);

    const view = await keptLabs.keptLabsView("alice");
    expect(view).toEqual({
      labs: [
        {
          slug: "a-retired-lab",
          title: "a-retired-lab",
          bytes: 0.5 * GB,
          keptAt: expect.any(String),
          expiresAt: expect.any(String),
          open: true,
        },
        {
          slug: VOLUMES,
          title: "Keep model files in a volume",
          bytes: 1.5 * GB,
          keptAt: expect.any(String),
          expiresAt: expect.any(String),
          open: false,
        },
      ],
      usedBytes: 2 * GB,
      quotaBytes: 6 * GB,
      keptDays: 14,
    });
    const lab = view.labs[1]!;
    expect(new Date(lab.keptAt).toISOString()).toBe(lab.keptAt);
    expect(Date.parse(lab.expiresAt) - Date.now()).toBeGreaterThan(13.9 * 24 * 3600 * 1000);
    expect(await keptLabs.keptLabTerms()).toEqual({ keptDays: 14, quotaBytes: 6 * GB });
  });
});

describe("forgetKeptLabFor", () => {
  it("deletes the learner's kept work of a lab, and answers 404 when there is none", async () => {
    await keep("alice", VOLUMES, GB);
    await keep("bob", VOLUMES, GB);
    expect(await keptLabs.forgetKeptLabFor("alice", VOLUMES)).toEqual({ forgotten: true });
    expect((await keptLabs.keptLabsView("alice")).labs).toEqual([]);
    expect((await keptLabs.keptLabsView("bob")).labs).toHaveLength(1);

    const none = await rejection(keptLabs.forgetKeptLabFor("alice", VOLUMES));
    expect([none.code, none.httpStatus, none.message]).toEqual([
      "NOT_FOUND",
      404,
      'You have no kept work of the lab "Keep model files in a volume".',
    ]);
  });

  it("refuses with 409 while a lab runs on it, and deletes it once that lab gave it back", async () => {
    await keep("alice", VOLUMES, GB);
    const resumed = await fixtures.lab("alice", { slug: VOLUMES, status: "open" });
    await takeKeptLab(db, resumed);
    const open = await rejection(keptLabs.forgetKeptLabFor("alice", VOLUMES));
    expect([open.code, open.httpStatus, open.details]).toEqual([
      "CONFLICT",
      409,
      { reason: "kept-lab-open", slug: VOLUMES },
    ]);
    expect(open.message).toMatch(/^Close the lab first; its work is in use\./);
    expect((await keptLabs.keptLabsView("alice")).labs).toHaveLength(1);

    await recordKeptLab(db, resumed, { account: "dockyard-lab-01", bytes: GB });
    expect(await keptLabs.forgetKeptLabFor("alice", VOLUMES)).toEqual({ forgotten: true });
  });
});

describe("kept labs' settings", () => {
  it("are an admin's alone to see and change", async () => {
    for (const who of [alice, instructor]) {
      const seen = await rejection(keptLabs.keptLabSettings(who));
      expect([seen.code, seen.httpStatus]).toEqual(["FORBIDDEN", 403]);
      const saved = await rejection(keptLabs.saveKeptLabSettings(who, { keptDays: 1, keptBytesPerUser: 0 }));
      expect([saved.code, saved.message]).toEqual(["FORBIDDEN", "Only an admin can change the kept labs' settings."]);
    }
    expect(await readKeptLabSettings(db)).toEqual(KEPT_LAB_DEFAULTS);
    expect(await keptLabs.keptLabSettings(admin)).toEqual(KEPT_LAB_DEFAULTS);
    expect(await logged()).toEqual([]);
  });

  it("saves what an admin sets and logs it with what it was, in one transaction", async () => {
    const first = { keptDays: 7, keptBytesPerUser: 2 * GB };
    expect(await keptLabs.saveKeptLabSettings(admin, first)).toEqual(first);
    expect(await keptLabs.keptLabSettings(admin)).toEqual(first);
    const second = { keptDays: 60, keptBytesPerUser: 20 * GB };
    await keptLabs.saveKeptLabSettings(admin, second);
    expect(await readKeptLabSettings(db)).toEqual(second);
    expect(await logged()).toEqual([
      {
        action: "kept_labs_settings_saved",
        actorId: "ada",
        targetId: null,
        details: { from: KEPT_LAB_DEFAULTS, to: first },
      },
      { action: "kept_labs_settings_saved", actorId: "ada", targetId: null, details: { from: first, to: second } },
    ]);

    // An actor the log cannot name: nothing is saved (the entry and the change go together).
    const ghost = await rejection(
      keptLabs.saveKeptLabSettings(user("ghost", "admin"), { keptDays: 1, keptBytesPerUser: 0 }),
    );
    expect(ghost.message).toMatch(/admin log could not name/);
    expect(await readKeptLabSettings(db)).toEqual(second);
  });

  it("refuses settings out of bounds or of the wrong shape with a 400 that names the field", async () => {
    const cases: [unknown, string, string | undefined][] = [
      [
        { keptDays: 0, keptBytesPerUser: GB },
        "Keep a closed lab for a whole number of days, from 1 to 365.",
        "keptDays",
      ],
      [
        { keptDays: 366, keptBytesPerUser: GB },
        "Keep a closed lab for a whole number of days, from 1 to 365.",
        "keptDays",
      ],
      [
        { keptDays: 1.5, keptBytesPerUser: GB },
        "Keep a closed lab for a whole number of days, from 1 to 365.",
        "keptDays",
      ],
      [
        { keptDays: "30", keptBytesPerUser: GB },
        "Keep a closed lab for a whole number of days, from 1 to 365.",
        "keptDays",
      ],
      [
        { keptDays: 30, keptBytesPerUser: 101 * GB },
        "The disk each learner may use for kept labs is a whole number of bytes from 0 GB to 100 GB.",
        "keptBytesPerUser",
      ],
      [
        { keptDays: 30, keptBytesPerUser: -1 },
        "The disk each learner may use for kept labs is a whole number of bytes from 0 GB to 100 GB.",
        "keptBytesPerUser",
      ],
      [
        { keptDays: 30 },
        "The disk each learner may use for kept labs is a whole number of bytes from 0 GB to 100 GB.",
        "keptBytesPerUser",
      ],
      [
        { keptDays: 30, keptBytesPerUser: GB, keptForever: true },
        "Send the kept labs' settings as { keptDays, keptBytesPerUser }, both numbers. It has keptForever, which " +
          "is not one.",
        undefined,
      ],
      [null, "Send the kept labs' settings as { keptDays, keptBytesPerUser }, both numbers.", undefined],
      [[30, GB], "Send the kept labs' settings as { keptDays, keptBytesPerUser }, both numbers.", undefined],
    ];
    for (const [body, message, field] of cases) {
      const refusal = await rejection(keptLabs.saveKeptLabSettings(admin, body));
      expect([refusal.code, refusal.httpStatus, refusal.message, refusal.details?.field]).toEqual([
        "BAD_REQUEST",
        400,
        message,
        field,
      ]);
    }
    expect(await readKeptLabSettings(db)).toEqual(KEPT_LAB_DEFAULTS);
    expect(await logged()).toEqual([]);
  });
});
