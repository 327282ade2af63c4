import type pg from "pg";
import { markScoresDue } from "../scores-due/scores-due";
import { sessionKind, sessionStore } from "../sessions/session-store";
import { canMoveLab, LAB_STATUSES, type LabStatus } from "./lab-lifecycle";
import { LAB_CONTROL_CHANNEL, type LabControl, type StoredLabEvent } from "./lab-protocol";

type Db = pg.Pool | pg.PoolClient;

/** Labs as sandbox sessions (lib/sessions/): their rows, lifecycle and control channel. */
export const LAB_SESSIONS = sessionKind(
  "lab",
  { statuses: LAB_STATUSES, canMove: canMoveLab },
  {
    controlChannel: LAB_CONTROL_CHANNEL,
    // A queued lab waits its turn however long the queue is (any lab host can take it); only a dead host strands one.
    stranded: {
      reasons: {
        "runner-dead":
          "The machine running your lab stopped answering, so the lab was closed, and everything in it (containers, " +
          "images, volumes and the files in its home) is gone. Tasks you finished stay finished: start the lab " +
          "again to carry on from a fresh engine.",
      },
    },
  },
);
const store = sessionStore<LabStatus, StoredLabEvent, LabControl>(LAB_SESSIONS);

/** The only way a stored lab changes status (moveSession: checked, with its status event, in one statement). */
export const moveLab = store.move;
/** Appends an event other than a status move (output, a task's standing, a preview's answer) and wakes listeners. */
export const appendLabEvent = store.append;
export const listLabEventsAfter = store.listAfter;
/** Sends a control message to the lab hosts; false when it is too large for a NOTIFY (the caller refuses it). */
export const notifyLabControl = store.notify;

/**
 * Records that the session's learner has done a task of the session's lab, the first time only (a later session of
 * the same lab keeps the first date). True when this was the first time.
 */
export async function recordLabTaskDone(db: Db, sessionId: string, taskId: string): Promise<boolean> {
  const { rows } = await db.query<{ userId: string; labSlug: string }>(
    `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId")
     SELECT "userId", "labSlug", $2, id FROM lab_session WHERE id = $1
     ON CONFLICT ("userId", "labSlug", "taskId") DO NOTHING RETURNING "userId", "labSlug"`,
    [sessionId, taskId],
  );
  const done = rows[0];
  // A learner launched from an LMS has the lab's new score sent back to it.
  if (done) await markScoresDue({ kind: "lab", itemSlug: done.labSlug, userId: done.userId }, db);
  return done !== undefined;
}

/** The tasks of the session's lab that its learner has done, in this session or an earlier one. */
export async function labTasksDoneBefore(db: Db, sessionId: string): Promise<string[]> {
  const { rows } = await db.query<{ taskId: string }>(
    `SELECT d."taskId" FROM lab_task_done d
       JOIN lab_session s ON s."userId" = d."userId" AND s."labSlug" = d."labSlug"
      WHERE s.id = $1`,
    [sessionId],
  );
  return rows.map((r) => r.taskId);
}

/**
 * Deletes what closed labs' terminals printed an hour after they closed: nobody can follow a closed lab again.
 * Status moves, task events and previews stay, as the record of what the learner did. Answers how many went.
 */
export function pruneClosedLabOutput(db: Db, afterSeconds = 60 * 60): Promise<number> {
  return store.pruneOutput(db, afterSeconds);
}
