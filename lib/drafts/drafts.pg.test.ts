import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase } from "../../test-support/db/test-database";

let db: pg.Pool;
let drop: () => Promise<void>;
let drafts: typeof import("./drafts");
let starter: { path: string; content: string }[];

const dockerfile = (content: string) => [{ path: "Dockerfile", content }];

beforeAll(async () => {
  const database = await createTestDatabase("drafts");
  drop = database.drop;
  process.env.DATABASE_URL = database.url;
  drafts = await import("./drafts");
  starter = (await (await import("../exercises/load-exercise")).loadExercise("first-image")).starter;
  db = new pg.Pool({ connectionString: database.url });
  await insertUsers(db, [{ id: "alice" }, { id: "bob" }, { id: "carol" }, { id: "dave" }]);
});

afterAll(async () => {
  const { prisma } = await import("../db/client");
  await Promise.all([prisma().$disconnect(), db?.end()]);
  await drop?.();
});

describe("drafts", () => {
  it("has none until the learner saves, then loads what was saved with its revision", async () => {
    expect(await drafts.loadDraft("alice", "first-image")).toBeNull();
    const saved = await drafts.saveDraft("alice", "first-image", dockerfile("FROM python:3.11-slim\n"), 0);
    expect(saved).toMatchObject({ revision: 1, changedElsewhere: false });
    expect(await drafts.loadDraft("alice", "first-image")).toMatchObject({
      files: dockerfile("FROM python:3.11-slim\n"),
      revision: 1,
      updatedAt: saved.updatedAt,
    });
  });

  it("counts every save, and tells a tab saving from an older revision that another one saved meanwhile", async () => {
    const first = await drafts.saveDraft("bob", "first-image", dockerfile("FROM a\n"), 0);
    const tabA = await drafts.saveDraft("bob", "first-image", dockerfile("FROM b\n"), first.revision);
    expect(tabA).toMatchObject({ revision: 2, changedElsewhere: false });
    // Tab B still believes revision 1 is the latest: its save wins, with the notice.
    const tabB = await drafts.saveDraft("bob", "first-image", dockerfile("FROM c\n"), first.revision);
    expect(tabB).toMatchObject({ revision: 3, changedElsewhere: true });
    expect((await drafts.loadDraft("bob", "first-image"))?.files).toEqual(dockerfile("FROM c\n"));
    // A browser that knew of no draft while one exists is told too.
    expect(await drafts.saveDraft("bob", "first-image", dockerfile("FROM d\n"), 0)).toMatchObject({
      changedElsewhere: true,
    });
  });

  it("gives every one of simultaneous saves its own revision", async () => {
    const saves = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => drafts.saveDraft("carol", "first-image", dockerfile(`FROM ${n}\n`), 0)),
    );
    expect(saves.map((s) => s.revision).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(saves.filter((s) => !s.changedElsewhere)).toHaveLength(1);
  });

  it("resets to the starter files, which then load, and the other tab hears of it", async () => {
    const before = await drafts.saveDraft("dave", "first-image", dockerfile("FROM mine\n"), 0);
    const reset = await drafts.resetDraft("dave", "first-image");
    expect(reset.files).toEqual(starter);
    expect(await drafts.loadDraft("dave", "first-image")).toMatchObject({ files: starter, revision: reset.revision });
    const stale = await drafts.saveDraft("dave", "first-image", dockerfile("FROM mine again\n"), before.revision);
    expect(stale.changedElsewhere).toBe(true);
  });

  it("keeps each learner's draft to themselves", async () => {
    await drafts.saveDraft("alice", "first-image", dockerfile("FROM alice-only\n"), 1);
    expect((await drafts.loadDraft("carol", "first-image"))?.files).not.toEqual(dockerfile("FROM alice-only\n"));
    await drafts.resetDraft("carol", "first-image");
    expect((await drafts.loadDraft("alice", "first-image"))?.files).toEqual(dockerfile("FROM alice-only\n"));
  });

  it("validates files as a submission's are and stores nothing invalid", async () => {
    const { revision } = (await drafts.loadDraft("alice", "first-image")) ?? { revision: -1 };
    await expect(
      drafts.saveDraft("alice", "first-image", [{ path: "../etc/passwd", content: "x" }], revision),
    ).rejects.toMatchObject({ code: "INVALID_PATH" });
    await expect(
      drafts.saveDraft("alice", "first-image", [{ path: "requirements.txt", content: "x" }], revision),
    ).rejects.toMatchObject({ code: "INVALID_PATH" });
    const huge = "#".repeat(6 * 1024 * 1024);
    await expect(drafts.saveDraft("alice", "first-image", dockerfile(huge), revision)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await drafts.loadDraft("alice", "first-image")).toMatchObject({ revision });
  });

  it("answers NOT_FOUND for an exercise that does not exist", async () => {
    for (const call of [
      drafts.loadDraft("alice", "no-such-exercise"),
      drafts.saveDraft("alice", "no-such-exercise", dockerfile("FROM x\n"), 0),
      drafts.resetDraft("alice", "no-such-exercise"),
    ]) {
      await expect(call).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM draft WHERE "exerciseSlug" = 'no-such-exercise'`)).rows,
    ).toEqual([{ n: 0 }]);
  });
});
