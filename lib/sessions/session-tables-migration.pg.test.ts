import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUsers } from "../../test-support/db/insert-users";
import { createTestDatabase, type TestDatabase } from "../../test-support/db/test-database";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from "../db/migrate";

/**
 * The migration that made shells and labs one table moves learners' rows: every session keeps its id, owner, status
 * (a shell's "requested" becomes "queued"), times and reason, and every event its session, type and order. Played on
 * a schema of its own, migrated to the step before, with rows as the two tables held them.
 */
const MERGE = "20261207000000_sandbox_sessions";
let database: TestDatabase;
let db: pg.Pool;
let dir: string;
const url = () => `${database.url}${database.url.includes("?") ? "&" : "?"}schema=merge`;

beforeAll(async () => {
  database = await createTestDatabase("session_merge");
  dir = mkdtempSync(path.join(tmpdir(), "dockyard-merge-"));
  for (const entry of readdirSync(DEFAULT_MIGRATIONS_DIR)) {
    if (entry < MERGE) cpSync(path.join(DEFAULT_MIGRATIONS_DIR, entry), path.join(dir, entry), { recursive: true });
  }
  await applyMigrations(url(), { migrationsDir: dir });
  db = new pg.Pool({ connectionString: database.url, options: "-c search_path=merge" });
});

afterAll(async () => {
  await db?.end();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe(`migration ${MERGE}`, () => {
  it("moves every shell and lab, with their events in the order they happened", async () => {
    await insertUsers(db, [{ id: "ann" }]);
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status) VALUES ('s1', 'ann', 'x', '[]', 'passed')`,
    );
    await db.query(
      `INSERT INTO shell_session (id, "userId", "submissionId", "engineId", status, "createdAt")
       VALUES ('sh-wait', 'ann', 's1', 'e1', 'requested', '2026-12-01 10:00'),
              ('sh-done', 'ann', 's1', 'e1', 'closed', '2026-12-01 09:00')`,
    );
    await db.query(`UPDATE shell_session SET "closeReason" = 'You closed the shell.' WHERE id = 'sh-done'`);
    await db.query(
      `INSERT INTO lab_session (id, "userId", "labSlug", status, "lastInputAt", cols)
       VALUES ('lab-1', 'ann', 'keep-model-files', 'open', '2026-12-01 10:05', 120)`,
    );
    await db.query(
      `INSERT INTO shell_event ("sessionId", type, data, "createdAt") VALUES
         ('sh-done', 'status', '{"status":"open"}', '2026-12-01 09:00:01'),
         ('sh-done', 'output', '{"text":"$ "}', '2026-12-01 09:00:03')`,
    );
    await db.query(
      `INSERT INTO lab_event ("sessionId", type, data, "createdAt") VALUES
         ('lab-1', 'status', '{"status":"queued"}', '2026-12-01 09:00:02'),
         ('lab-1', 'task', '{"id":"t1","done":true,"found":"ok"}', '2026-12-01 09:00:04')`,
    );

    cpSync(path.join(DEFAULT_MIGRATIONS_DIR, MERGE), path.join(dir, MERGE), { recursive: true });
    expect(await applyMigrations(url(), { migrationsDir: dir })).toEqual({ applied: [MERGE] });

    const { rows: sessions } = await db.query(
      `SELECT id, kind::text, "userId", status::text, "submissionId", "engineId", "labSlug", cols, "closeReason",
              "lastInputAt" IS NOT NULL AS typed
       FROM sandbox_session ORDER BY id`,
    );
    expect(sessions).toEqual([
      {
        id: "lab-1",
        kind: "lab",
        userId: "ann",
        status: "open",
        submissionId: null,
        engineId: null,
        labSlug: "keep-model-files",
        cols: 120,
        closeReason: null,
        typed: true,
      },
      {
        id: "sh-done",
        kind: "shell",
        userId: "ann",
        status: "closed",
        submissionId: "s1",
        engineId: "e1",
        labSlug: null,
        cols: 80,
        closeReason: "You closed the shell.",
        typed: false,
      },
      {
        id: "sh-wait",
        kind: "shell",
        userId: "ann",
        status: "queued",
        submissionId: "s1",
        engineId: "e1",
        labSlug: null,
        cols: 80,
        closeReason: null,
        typed: false,
      },
    ]);
    const { rows: events } = await db.query(`SELECT "sessionId", type, data FROM session_event ORDER BY id`);
    expect(events.map((e) => [e.sessionId, e.type])).toEqual([
      ["sh-done", "status"],
      ["lab-1", "status"],
      ["sh-done", "output"],
      ["lab-1", "task"],
    ]);
    const { rows: gone } = await db.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'merge' AND table_name IN ('shell_session', 'lab_session', 'shell_event', 'lab_event')`,
    );
    expect(gone).toEqual([]);
  });
});
