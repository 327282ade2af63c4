import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { SessionStatus } from "../../sessions/session-lifecycle";

interface LabOptions {
  slug?: string;
  status?: SessionStatus;
  /** The lab host holding it, for "starting" and "open". */
  runnerId?: string | null;
  /** How long ago it was created (a PostgreSQL interval). */
  age?: string;
}

/** Rows the lab functions read, inserted directly: lab sessions in any state, lab hosts' heartbeats. */
export function labFixtures(db: pg.Pool) {
  return {
    async lab(userId: string, options: LabOptions = {}): Promise<string> {
      const { slug = "keep-model-files", status = "queued", runnerId = null, age = "0 seconds" } = options;
      const id = randomUUID();
      await db.query(
        `INSERT INTO sandbox_session (id, kind, "userId", "labSlug", status, "runnerId", "createdAt",
                                      "openedAt", "closedAt", "closeReason")
         VALUES ($1, 'lab', $2, $3, $4::"SessionStatus", $5, now() - $6::interval,
                 CASE WHEN $4 = 'open' THEN now() END, CASE WHEN $4 = 'closed' THEN now() END,
                 CASE WHEN $4 = 'closed' THEN 'It ended.' END)`,
        [id, userId, slug, status, runnerId, age],
      );
      return id;
    },

    /** A lab host's heartbeat: beating now, or last seen ten minutes ago (dead by any lease). */
    async runner({ alive = true }: { alive?: boolean } = {}): Promise<string> {
      const id = `lab-host-${randomUUID()}`;
      await db.query(
        `INSERT INTO runner_heartbeat (id, hostname, concurrency, gpus, queues, state, "lastSeenAt")
         VALUES ($1, 'lab-host', 1, 0, '{}', 'running', CASE WHEN $2 THEN now() ELSE now() - interval '10 minutes' END)`,
        [id, alive],
      );
      return id;
    },
  };
}
