import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { insertUsers } from "../../../test-support/db/insert-users";
import { createTestDatabase } from "../../../test-support/db/test-database";
import { sessionHandle, webControl } from "../../sessions/testing/session-handle";
import { type LabAccount, LabAccountPool, listLabAccounts } from "../lab-accounts";
import { type LabHost, startLabHost } from "../lab-host";
import type { Lab } from "../lib";
import type { LabHostLimits } from "../served-lab";

const ENGINE_DIR = process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine";
/** Shared with content CI's docker test: an image saved once serves every lab test on the machine. */
export const IMAGE_CACHE = path.join(os.tmpdir(), "dockyard-lab-images");
export const LAB = "connect-services-on-networks";

export type LabHarness = Awaited<ReturnType<typeof createLabHarness>>;

export interface LabHarnessOptions {
  seedDir?: string;
  /** Learners' kept labs (kept-disks.ts) in this folder; without it labs are thrown away at their close. */
  keptDir?: string;
  accounts?: (all: LabAccount[]) => LabAccount[];
  /** The labs it serves, instead of the course's (a test's own lab). */
  loadLab?: (slug: string) => Promise<Lab | undefined>;
  /** Engines starting at once to begin with (the start gate, start-gate.ts); all at once, ungated, without. */
  startsAtOnce?: number;
}

/**
 * A lab host serving real labs (rootless engines, terminals, task watchers) from a database of its own, driven as
 * the web app drives it: a queued row and NOTIFYs. Learners "learner" and "other" exist.
 */
export async function createLabHarness(name: string, limits: Partial<LabHostLimits>, options: LabHarnessOptions = {}) {
  const database = await createTestDatabase(name);
  const db = new pg.Pool({ connectionString: database.url });
  const web = await webControl(database.url);
  const { control } = web;
  await insertUsers(db, [{ id: "learner" }, { id: "other" }]);
  const runnerId = `runner-${name}-${randomUUID().slice(0, 8)}`;
  await db.query(
    `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt")
     VALUES ($1, 'h', 1, 0, '{grade-cpu}', 'running', now())`,
    [runnerId],
  );
  const labsDir = await mkdtemp(path.join(os.tmpdir(), `dockyard-labhost-${name}-`));
  const lines: string[] = [];
  const accounts = (options.accounts ?? ((all) => all))(await listLabAccounts());
  const host: LabHost = await startLabHost({
    databaseUrl: database.url,
    db,
    runnerId,
    host: { labsDir, engineDir: ENGINE_DIR },
    imageCacheDir: IMAGE_CACHE,
    seedDir: options.seedDir,
    keptDir: options.keptDir,
    ...(options.loadLab ? { loadLab: options.loadLab } : {}),
    // Through the host's account locks, as every runner and test on the machine takes them.
    accounts: new LabAccountPool(accounts),
    accountCount: accounts.length,
    startsAtOnce: options.startsAtOnce,
    limits,
    log: (line) => {
      lines.push(line);
      console.log(`[lab-host ${name}] ${line}`);
    },
  });

  async function request(
    size = { cols: 80, rows: 24 },
    { userId = "learner", lab = LAB, fresh = false }: { userId?: string; lab?: string; fresh?: boolean } = {},
  ) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", cols, rows, fresh)
       VALUES (gen_random_uuid()::text, 'lab', $4, $1, $2, $3, $5) RETURNING id`,
      [lab, size.cols, size.rows, userId, fresh],
    );
    const sessionId = rows[0]!.id;
    await control({ kind: "request", sessionId, sessionKind: "lab" });
    return labHandle(sessionId);
  }

  function labHandle(sessionId: string) {
    return {
      ...sessionHandle(db, sessionId, control, {
        outputMs: 60_000,
        statusMs: 120_000,
        intervalMs: 100,
      }),
      preview: (requestId: string, port: number, urlPath: string) =>
        control({ kind: "preview", sessionId, requestId, port, path: urlPath }),
      /** The engine and account it opened on, from the host's log (its latest opening). */
      opened() {
        const line = lines.findLast((l) => l.startsWith(`lab ${sessionId}: open on engine`));
        const [, engineId, user] = /open on engine (\S+) as (\S+),/.exec(line ?? "") ?? [];
        return { engineId: engineId!, user: user! };
      },
    };
  }

  async function close() {
    await host.stop();
    await web.end();
    await db.end();
    await database.drop();
    await rm(labsDir, { recursive: true, force: true });
  }

  return { db, url: database.url, host, labsDir, lines, request, labHandle, control, close };
}
