import { randomUUID } from "node:crypto";
import pg from "pg";
import type { LabStatus } from "../lab-lifecycle";
import { LAB_CONTROL_CHANNEL, type LabControl } from "../lab-protocol";

interface LabOptions {
  slug?: string;
  status?: LabStatus;
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
        `INSERT INTO lab_session (id, "userId", "labSlug", status, "runnerId", "createdAt",
                                  "openedAt", "closedAt", "closeReason")
         VALUES ($1, $2, $3, $4::"LabStatus", $5, now() - $6::interval,
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

/** Listens on the lab hosts' control channel and collects every message, parsed. */
export async function listenToLabControl(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const heard: LabControl[] = [];
  client.on("notification", (m) => heard.push(JSON.parse(m.payload ?? "null")));
  await client.query(`LISTEN ${LAB_CONTROL_CHANNEL}`);
  return {
    heard,
    /** Waits until a message matching `match` has arrived (NOTIFY is asynchronous) and returns it. */
    async next(match: (m: LabControl) => boolean): Promise<LabControl> {
      for (;;) {
        const found = heard.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    end: () => client.end(),
  };
}
