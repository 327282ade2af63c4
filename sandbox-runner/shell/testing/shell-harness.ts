import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect } from "vitest";
import { insertUsers } from "../../../test-support/db/insert-users";
import { createTestDatabase } from "../../../test-support/db/test-database";
import type { ContextFile } from "../../docker/build-context";
import { ignoreNotFound } from "../../docker/docker-error";
import { engineClient } from "../../docker/engine";
import { LABEL_SHELL } from "../../owner-labels";
import { sessionHandle, webControl } from "../../sessions/testing/session-handle";
import { buildTestImage } from "../../testing/build-test-image";
import type { ShellHostLimits } from "../served-shell";
import { type ShellHost, startShellHost } from "../shell-host";

/** A learner image with a user of its own and an entrypoint a shell must bypass. */
export const LEARNER_IMAGE = [
  "FROM debian:bookworm-slim",
  "RUN useradd --uid 4321 --create-home learner",
  "USER learner",
  "WORKDIR /home/learner",
  'ENTRYPOINT ["/bin/false"]',
].join("\n");

/**
 * A private database, kept images built on the real engine, and shell hosts serving them under a made-up engine id
 * (so no other runner on the shared engine takes the requests): what the shell tests share.
 */
export async function createShellHarness(name: string) {
  const database = await createTestDatabase(name);
  const db = new pg.Pool({ connectionString: database.url });
  const web = await webControl(database.url);
  const { control } = web;
  const docker = engineClient();
  const engineId = `engine-${name}-${randomUUID().slice(0, 8)}`;
  const hosts: ShellHost[] = [];
  const images: string[] = [];
  await insertUsers(db, [{ id: "learner" }]);

  /** Builds `dockerfile` as a graded submission whose image is kept on this engine; returns the submission id. */
  async function keptSubmission(
    dockerfile: string,
    files: ContextFile[] = [],
    exerciseSlug = "first-image",
  ): Promise<string> {
    const submissionId = `shell-${name}-${randomUUID().slice(0, 8)}`;
    const tag = `dockyard-sub-${submissionId}`;
    const built = await buildTestImage(docker, submissionId, tag, [
      { path: "Dockerfile", content: dockerfile },
      ...files,
    ]);
    expect(built.kind).toBe("built");
    images.push(tag);
    await db.query(
      `INSERT INTO submission (id, "userId", "exerciseSlug", files, status) VALUES ($1, 'learner', $2, '[]', 'passed')`,
      [submissionId, exerciseSlug],
    );
    await db.query(
      `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
       VALUES ($1, $2, $3, now() + interval '1 hour')`,
      [submissionId, engineId, tag],
    );
    return submissionId;
  }

  async function host(limits: Partial<ShellHostLimits> = {}, runnerId = `runner-${name}`): Promise<ShellHost> {
    await db.query(
      `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "engineId", "lastSeenAt")
       VALUES ($1, 'h', 1, 0, '{grade-cpu}', 'running', $2, now()) ON CONFLICT (id) DO NOTHING`,
      [runnerId, engineId],
    );
    const started = await startShellHost({
      databaseUrl: database.url,
      db,
      docker,
      runnerId,
      engineId,
      limits,
      log: () => {},
    });
    hosts.push(started);
    return started;
  }

  /** Requests a shell as the web app does (row, then NOTIFY) and returns a handle on it. */
  async function request(submissionId: string, size = { cols: 80, rows: 24 }) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO sandbox_session (id, kind, "userId", "submissionId", "engineId", cols, rows)
       VALUES (gen_random_uuid()::text, 'shell', 'learner', $1, $2, $3, $4) RETURNING id`,
      [submissionId, engineId, size.cols, size.rows],
    );
    const sessionId = rows[0]!.id;
    await control({ kind: "request", sessionId, sessionKind: "shell", engineId });
    return shellHandle(sessionId);
  }

  function shellHandle(sessionId: string) {
    return {
      ...sessionHandle(db, sessionId, control, {
        outputMs: 20_000,
        statusMs: 30_000,
        intervalMs: 50,
      }),
      /** Containers still labelled with this shell. */
      containers: async () =>
        (await docker.listContainers({ all: true, filters: { label: [`${LABEL_SHELL}=${sessionId}`] } })).length,
    };
  }

  async function close() {
    for (const h of hosts) await h.stop();
    for (const tag of images) await ignoreNotFound(docker.getImage(tag).remove({ force: true }));
    await web.end();
    await db.end();
    await database.drop();
  }

  return { db, docker, engineId, keptSubmission, host, request, close };
}

export type ShellHandle = Awaited<ReturnType<Awaited<ReturnType<typeof createShellHarness>>["request"]>>;
