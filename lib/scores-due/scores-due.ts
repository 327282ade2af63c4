import type pg from "pg";
import type { AssignmentKind } from "../content/item-kinds";
import { pool } from "../db/pool";
import type { Prisma } from "../generated/prisma/client";

/*
 * Marks a learner's LMS-graded links as due to be sent (lib/lti/score-sync.ts sends them). Every piece of work that may
 * change a score (a graded attempt, a quiz attempt, a lab task, an assignment, extension or override) calls it, in its
 * own transaction where it has one. It is a folder of its own, below all of them, so none of them imports LTI.
 *
 * No "server-only" marker: the runner marks what it grades (lib/submissions/transition.ts) and what its labs do.
 */

// The columns keep milliseconds: now() rounded to them can lie ahead of the next statement's now(), and a score marked
// due would then wait for the next round.
export const NOW_MS = "date_trunc('milliseconds', now())";

export interface DueScope {
  kind: AssignmentKind;
  itemSlug: string;
  /** One learner's links; all the class's learners when absent. */
  userId?: string;
  /** One class's links; every class the learner is in when absent. */
  classId?: string;
}

/** The statement that marks the matching graded links due: run it in the work's own transaction. */
export function markScoresDueStatement(scope: DueScope): [string, unknown[]] {
  return [
    `INSERT INTO lti_score_sync ("linkId", "userId", "dueSince", "nextAttemptAt")
     SELECT l.id, a."userId", ${NOW_MS}, ${NOW_MS}
       FROM lti_link l
       JOIN lti_account a ON a."platformId" = l."platformId"
       JOIN class_member m ON m."classId" = l."classId" AND m."userId" = a."userId" AND m.role = 'learner'
      WHERE l."lineItemUrl" IS NOT NULL AND l.kind = $1::"AssignmentKind" AND l."itemSlug" = $2
        AND ($3::text IS NULL OR a."userId" = $3) AND ($4::text IS NULL OR l."classId" = $4)
     ON CONFLICT ("linkId", "userId") DO UPDATE SET "dueSince" = ${NOW_MS}, "nextAttemptAt" = ${NOW_MS}, attempts = 0`,
    [scope.kind, scope.itemSlug, scope.userId ?? null, scope.classId ?? null],
  ];
}

/** Where the mark is written: a Prisma transaction, or a pg pool or client (the work's own transaction). */
type DueWriter = Prisma.TransactionClient | Pick<pg.ClientBase, "query">;

export async function markScoresDue(scope: DueScope, db: DueWriter = pool()): Promise<void> {
  const [text, values] = markScoresDueStatement(scope);
  if ("$executeRawUnsafe" in db) await db.$executeRawUnsafe(text, ...values);
  else await db.query(text, values);
}
