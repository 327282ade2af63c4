import { type Kysely, sql } from "kysely";
import type pg from "pg";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { EVENTS_CHANNEL } from "../events/event-channel";
import type { DB } from "../generated/kysely/database";
import type { StoredSubmissionEvent, SubmissionEvent } from "./event-types";

/**
 * Appends an event and wakes listeners in one statement, so a listener can
 * never be notified about a row it cannot read yet.
 */
export async function appendEvent(db: pg.Pool | pg.PoolClient, submissionId: string, event: SubmissionEvent) {
  return (await appendEventQuery(typedSql(db), submissionId, event).executeTakeFirstOrThrow()).id;
}

/** The statement behind `appendEvent`, for a caller inside a Prisma transaction. */
export function appendEventStatement(submissionId: string, event: SubmissionEvent): [text: string, values: unknown[]] {
  const { sql: text, parameters } = appendEventQuery(typedSql(pool()), submissionId, event).compile();
  return [text, [...parameters]];
}

function appendEventQuery(q: Kysely<DB>, submissionId: string, event: SubmissionEvent) {
  const data = sql`${JSON.stringify(event.data)}::jsonb`;
  return q
    .with("e", (w) => w.insertInto("submission_event").values({ submissionId, type: event.type, data }).returning("id"))
    .selectFrom("e")
    .select(["id", sql`pg_notify(${EVENTS_CHANNEL}, ${submissionId} || ':' || id::text)`.as("n")]);
}

export async function listEventsAfter(
  db: pg.Pool,
  submissionId: string,
  afterId: string,
  limit = 500,
): Promise<StoredSubmissionEvent[]> {
  // Ordered by the column, as a number, which a text `id` would not be (event 10 before event 9).
  const rows = await typedSql(db)
    .selectFrom("submission_event")
    .select(["id", "type", "data"])
    .where("submissionId", "=", submissionId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows as StoredSubmissionEvent[];
}
