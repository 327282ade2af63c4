import { sql } from "kysely";
import type pg from "pg";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import type { SubmittedFile } from "../file-sets/validate-files";
import type { Prisma } from "../generated/prisma/client";
import type { ResultDocument } from "../grading/result-schema";
import { appendEvent, appendEventStatement } from "./event-log";
import type { SubmissionEvent } from "./event-types";
import { canTransition, INITIAL_STATUS, isFinalStatus, type SubmissionStatus } from "./lifecycle";

/** A move and what the row keeps about it. */
export type Move =
  | { to: "running"; runnerId: string }
  | { to: "withdrawn"; message: string }
  | { to: "passed" | "failed"; result: ResultDocument }
  | { to: "error"; errorMessage?: string; result?: ResultDocument };

/**
 * A refusal is a value, not an exception: with an at-least-once queue, a job delivered again after its
 * submission finished, or a dead-lettered job whose submission has closed meanwhile, asks for a move out of a
 * final state as a matter of course, and the right answer is to leave the submission as it is.
 */
export type TransitionOutcome =
  | { moved: true; from: SubmissionStatus }
  /** `current` is undefined when there is no such submission. */
  | { moved: false; current: SubmissionStatus | undefined };

/**
 * Stores a new submission in its initial state, inside the caller's transaction, together with its first
 * status event; `notice` is what that event tells the learner while it waits (such as no GPU grader online).
 */
export async function openSubmission(
  tx: Prisma.TransactionClient,
  data: {
    userId: string;
    exerciseSlug: string;
    files: SubmittedFile[];
    gpuFollowUp?: boolean;
    /** A re-grade's original and its batch (lib/instructor/regrade.ts). */
    regradeOfId?: string;
    regradeBatchId?: string;
  },
  notice?: string,
): Promise<{ id: string }> {
  const submission = await tx.submission.create({ data: { ...data, status: INITIAL_STATUS }, select: { id: true } });
  const [text, values] = appendEventStatement(submission.id, statusEvent(INITIAL_STATUS, notice));
  await tx.$executeRawUnsafe(text, ...values);
  return submission;
}

/**
 * The only way a stored submission changes status. Under a row lock it checks the move against the
 * lifecycle, updates the row and appends the matching events (the result, then the status) in one
 * transaction, so the row and the event log never disagree. A runner must drain its buffered log events
 * before calling this, so a final status is the last thing a learner's stream receives. What a grade means for the
 * course (an LMS score due) is the web's to decide from the status event (lib/course-policy/), not the mover's.
 */
export async function transition(db: pg.Pool, submissionId: string, move: Move): Promise<TransitionOutcome> {
  return inTransaction(async (client) => {
    const q = typedSql(client);
    const row = await q
      .selectFrom("submission")
      .select("status")
      .where("id", "=", submissionId)
      .forUpdate()
      .executeTakeFirst();
    const from = row?.status;
    // Nothing was written: the commit of an empty transaction is its rollback.
    if (!from || !canTransition(from, move.to)) return { moved: false, current: from };
    const result = "result" in move ? move.result : undefined;
    await q
      .updateTable("submission")
      .set({
        status: move.to,
        ...(move.to === "running" ? { runnerId: move.runnerId, startedAt: sql`now()` } : {}),
        ...(result ? { result: sql`${JSON.stringify(result)}::jsonb` } : {}),
        ...(move.to === "error" && move.errorMessage !== undefined ? { errorMessage: move.errorMessage } : {}),
        ...(isFinalStatus(move.to) ? { finishedAt: sql`now()` } : {}),
      })
      .where("id", "=", submissionId)
      .execute();
    if (result) await appendEvent(client, submissionId, { type: "result", data: result });
    await appendEvent(
      client,
      submissionId,
      statusEvent(
        move.to,
        move.to === "error" ? move.errorMessage : move.to === "withdrawn" ? move.message : undefined,
      ),
    );
    return { moved: true, from };
  }, db);
}

function statusEvent(status: SubmissionStatus, message?: string): SubmissionEvent {
  return { type: "status", data: message === undefined ? { status } : { status, message } };
}
