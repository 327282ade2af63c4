import type pg from "pg";
import { markScoresDue } from "../scores-due/scores-due";

type Db = pg.Pool | pg.PoolClient;

/**
 * Records that the session's learner has done a task of the session's lab, the first time only (a later session of
 * the same lab keeps the first date). True when this was the first time. The web's course policy calls it for each
 * task a host reported done (lib/course-policy/).
 */
export async function recordLabTaskDone(db: Db, sessionId: string, taskId: string): Promise<boolean> {
  const { rows } = await db.query<{ userId: string; labSlug: string }>(
    `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId")
     SELECT "userId", "labSlug", $2, id FROM sandbox_session WHERE id = $1 AND kind = 'lab'
     ON CONFLICT ("userId", "labSlug", "taskId") DO NOTHING RETURNING "userId", "labSlug"`,
    [sessionId, taskId],
  );
  const done = rows[0];
  // A learner launched from an LMS has the lab's new score sent back to it.
  if (done) await markScoresDue({ kind: "lab", itemSlug: done.labSlug, userId: done.userId }, db);
  return done !== undefined;
}

/**
 * The tasks of the session's lab that its learner has done, in this session or an earlier one: the credit recorded,
 * and what a host reported done in the learner's sessions of the lab that the web's course policy may not have
 * recorded yet (a lab resumed a moment after a task turned green keeps it green).
 */
export async function labTasksDoneBefore(db: Db, sessionId: string): Promise<string[]> {
  const { rows } = await db.query<{ taskId: string }>(
    `SELECT d."taskId" FROM lab_task_done d
       JOIN sandbox_session s ON s."userId" = d."userId" AND s."labSlug" = d."labSlug"
      WHERE s.id = $1
     UNION
     SELECT e.data->>'id' FROM session_event e
       JOIN sandbox_session p ON p.id = e."sessionId" AND p.kind = 'lab'
       JOIN sandbox_session s ON s."userId" = p."userId" AND s."labSlug" = p."labSlug"
      WHERE s.id = $1 AND e.type = 'task' AND e.data->>'done' = 'true'`,
    [sessionId],
  );
  return rows.map((r) => r.taskId);
}
