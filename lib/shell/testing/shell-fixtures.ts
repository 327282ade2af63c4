import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { CurrentUser } from "../../auth/current-user";

/** A signed-in account as the domain functions take it. */
export function user(id: string, role: CurrentUser["role"] = "learner"): CurrentUser {
  return { id, name: `${id[0]!.toUpperCase()}${id.slice(1)}`, email: `${id}@example.test`, role };
}

interface SubmissionOptions {
  status?: "queued" | "running" | "passed" | "failed" | "error";
  /** Whether the result says the image built (a build phase that passed). */
  built?: boolean;
  /** Seconds the kept image has left (negative: over); omitted: no kept_image row. */
  keptFor?: number;
  engineId?: string;
  exerciseSlug?: string;
}

/** Rows the shell functions read, inserted directly: submissions with their kept images, runner heartbeats. */
export function shellFixtures(db: pg.Pool) {
  return {
    async submission(userId: string, options: SubmissionOptions = {}): Promise<string> {
      const { status = "passed", built = true, keptFor, engineId = "engine-a", exerciseSlug = "first-image" } = options;
      const id = randomUUID();
      const result = ["passed", "failed"].includes(status)
        ? { phases: [{ name: "build", status: built ? "passed" : "failed", ms: 1 }] }
        : null;
      await db.query(
        `INSERT INTO submission (id, "userId", "exerciseSlug", files, status, result, "finishedAt")
         VALUES ($1, $2, $3, '[]', $4::"SubmissionStatus", $5::jsonb, now())`,
        [id, userId, exerciseSlug, status, result && JSON.stringify(result)],
      );
      if (keptFor !== undefined) {
        await db.query(
          `INSERT INTO kept_image ("submissionId", "engineId", tag, "keptUntil")
           VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
          [id, engineId, `dockyard-keep/${id}`, keptFor],
        );
      }
      return id;
    },

    /** A runner heartbeat on `engineId`: beating now, or last seen ten minutes ago (dead by any lease). */
    async runner(engineId: string, { alive = true }: { alive?: boolean } = {}): Promise<string> {
      const id = `runner-${randomUUID()}`;
      await db.query(
        `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "engineId", "lastSeenAt")
         VALUES ($1, 'grader', 1, 0, '{grade-cpu}', 'running', $2,
                 CASE WHEN $3 THEN now() ELSE now() - interval '10 minutes' END)`,
        [id, engineId, alive],
      );
      return id;
    },
  };
}

/** Ends what the shell functions open in a test process (the app's pool, Prisma and LISTEN connection). */
export async function closeShellConnections(): Promise<void> {
  const { pool } = await import("../../db/pool");
  const { prisma } = await import("../../db/client");
  const { eventBus } = await import("../../events/event-bus");
  await Promise.all([pool().end(), prisma().$disconnect(), eventBus().close()]);
}
