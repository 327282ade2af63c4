import type pg from "pg";
import { EVENTS_CHANNEL } from "../events/event-channel";
import type { StoredSubmissionEvent, SubmissionEvent } from "./event-types";

/**
 * Appends an event and wakes listeners in one statement, so a listener can
 * never be notified about a row it cannot read yet.
 */
export async function appendEvent(
  db: pg.Pool | pg.PoolClient,
  submissionId: string,
  event: SubmissionEvent,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(...appendEventStatement(submissionId, event));
  return rows[0]!.id;
}

/** The statement behind `appendEvent`, for a caller inside a Prisma transaction. */
export function appendEventStatement(submissionId: string, event: SubmissionEvent): [text: string, values: string[]] {
  return [
    `WITH e AS (
       INSERT INTO submission_event ("submissionId", type, data) VALUES ($1, $2, $3::jsonb) RETURNING id
     )
     SELECT id::text, pg_notify($4, $1 || ':' || id::text) FROM e`,
    [submissionId, event.type, JSON.stringify(event.data), EVENTS_CHANNEL],
  ];
}

export async function listEventsAfter(
  db: pg.Pool,
  submissionId: string,
  afterId: string,
  limit = 500,
): Promise<StoredSubmissionEvent[]> {
  const { rows } = await db.query<{ id: string; type: SubmissionEvent["type"]; data: unknown }>(
    // Ordered by the column, not the text `id` it is selected as, which would put event 10 before event 9.
    `SELECT id::text, type, data FROM submission_event
     WHERE "submissionId" = $1 AND id > $2::bigint ORDER BY submission_event.id LIMIT $3`,
    [submissionId, afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, data: r.data }) as StoredSubmissionEvent);
}
