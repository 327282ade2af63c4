import "server-only";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { z } from "zod";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { RequestError } from "../errors/request-error";
import { formatRelativeTime } from "../format/relative-time";
import { closeStrandedSessions } from "../sessions/stranded-sessions";
import { EVENTS_CHANNEL } from "../submissions/event-types";
import { type LabStatus, LIVE_LAB_STATUSES } from "./lab-lifecycle";
import { LAB_LIMITS } from "./lab-limits";
import type { startLabSchema } from "./lab-protocol";
import { labQueuePosition } from "./lab-sessions";
import { LAB_SESSIONS, notifyLabControl } from "./lab-store";
import { loadLab } from "./load-lab";

/** What `POST /api/labs` answers. */
export interface StartedLab {
  id: string;
  slug: string;
  status: LabStatus;
  /** The learner already had this lab live (a reload, a second tab): follow it instead of a new one. */
  reattached: boolean;
  /** Its place in the queue (1: next to start); only while it is queued. */
  position?: number;
}

interface LiveLab {
  id: string;
  slug: string;
  status: LabStatus;
  createdAt: Date;
}

/**
 * Starts a lab for the learner, or hands back the one of that lab they already have. At most LAB_LIMITS.perUser live
 * labs per account: the checks and the insert run under a per-account lock, so any number of simultaneous starts
 * leave one live lab. The lab waits in the queue until a lab host with a free account claims it; the hosts hear of
 * it by NOTIFY once the row is committed.
 */
export async function startLab(user: CurrentUser, body: z.infer<typeof startLabSchema>): Promise<StartedLab> {
  const lab = await loadLab(body.slug);
  const started = await inTransaction(async (client): Promise<StartedLab> => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`lab:${user.id}`]);
    await closeStrandedSessions(client, LAB_SESSIONS, { userId: user.id });
    const live = await liveLabs(client, user.id);

    const same = live.find((l) => l.slug === lab.slug);
    if (same) {
      await client.query(`UPDATE lab_session SET cols = $2, rows = $3 WHERE id = $1`, [same.id, body.cols, body.rows]);
      return { id: same.id, slug: same.slug, status: same.status, reattached: true };
    }
    if (live.length >= LAB_LIMITS.perUser) throw await limitReached(live[0]!);

    const id = randomUUID();
    // The row and its first status event go in together, so a page following the lab starts from "queued".
    await client.query(
      `WITH s AS (
         INSERT INTO lab_session (id, "userId", "labSlug", cols, rows) VALUES ($1, $2, $3, $4, $5) RETURNING id
       ),
       e AS (
         INSERT INTO lab_event ("sessionId", type, data)
         SELECT id, 'status', '{"status":"queued"}'::jsonb FROM s RETURNING id
       )
       SELECT pg_notify($6, $1 || ':' || id::text) FROM e`,
      [id, user.id, lab.slug, body.cols, body.rows, EVENTS_CHANNEL],
    );
    return { id, slug: lab.slug, status: "queued", reattached: false };
  });

  if (!started.reattached) {
    await notifyLabControl(pool(), { kind: "request", sessionId: started.id });
  } else if (started.status === "open") {
    // The page that reattached may be another size than the one that started it (a reload, another window).
    await notifyLabControl(pool(), { kind: "resize", sessionId: started.id, cols: body.cols, rows: body.rows });
  }
  const position = started.status === "queued" ? await labQueuePosition(pool(), started.id) : undefined;
  return position === undefined ? started : { ...started, position };
}

async function liveLabs(client: pg.PoolClient, userId: string): Promise<LiveLab[]> {
  const { rows } = await client.query<LiveLab>(
    `SELECT id, "labSlug" AS slug, status::text AS status, "createdAt" FROM lab_session
     WHERE "userId" = $1 AND status::text = ANY($2::text[]) ORDER BY "createdAt"`,
    [userId, LIVE_LAB_STATUSES],
  );
  return rows;
}

const STANDING: Record<LabStatus, string> = {
  queued: "waiting for a machine",
  starting: "starting",
  open: "open",
  closed: "closed",
};

/** 409 naming the lab that is live, with its id so the page can offer to close it. */
async function limitReached(other: LiveLab): Promise<RequestError> {
  // A lab taken out of the course may still be live; its slug then stands for its title.
  const title = await loadLab(other.slug).then(
    (l) => l.spec.title,
    () => other.slug,
  );
  const allowed = LAB_LIMITS.perUser === 1 ? "one lab" : `${LAB_LIMITS.perUser} labs`;
  return new RequestError(
    "CONFLICT",
    `You already have the lab "${title}" ${STANDING[other.status]} (started ${formatRelativeTime(other.createdAt)}), ` +
      `and an account may have ${allowed} at a time. Close that lab (its Close button, or close it from here), ` +
      "then start this one.",
    { reason: "lab-live", sessionId: other.id, slug: other.slug, title, status: other.status },
  );
}
