import { sql } from "kysely";
import type pg from "pg";
import { typedSql } from "../db/typed-sql";
import { markScoresDue } from "../scores-due/scores-due";

type Db = pg.Pool | pg.PoolClient;

/**
 * Records that the session's learner has done a task of the session's lab, the first time only (a later session of
 * the same lab keeps the first date). True when this was the first time. The web's course policy calls it for each
 * task a host reported done (lib/course-policy/).
 */
export async function recordLabTaskDone(db: Db, sessionId: string, taskId: string): Promise<boolean> {
  const done = await typedSql(db)
    .insertInto("lab_task_done")
    .columns(["userId", "labSlug", "taskId", "sessionId"])
    .expression((eb) =>
      eb
        .selectFrom("sandbox_session")
        // A lab session always names its lab (the schema allows none for a shell's).
        .select((s) => ["userId", s.ref("labSlug").$notNull().as("labSlug"), s.val(taskId).as("taskId"), "id"])
        .where("id", "=", sessionId)
        .where("kind", "=", "lab"),
    )
    .onConflict((oc) => oc.columns(["userId", "labSlug", "taskId"]).doNothing())
    .returning(["userId", "labSlug"])
    .executeTakeFirst();
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
  const q = typedSql(db);
  const rows = await q
    .selectFrom("lab_task_done as d")
    .innerJoin("sandbox_session as s", (j) => j.onRef("s.userId", "=", "d.userId").onRef("s.labSlug", "=", "d.labSlug"))
    .select("d.taskId")
    .where("s.id", "=", sessionId)
    .union(
      q
        .selectFrom("session_event as e")
        .innerJoin("sandbox_session as p", "p.id", "e.sessionId")
        .innerJoin("sandbox_session as s", (j) =>
          j.onRef("s.userId", "=", "p.userId").onRef("s.labSlug", "=", "p.labSlug"),
        )
        .select(sql<string>`e.data->>'id'`.as("taskId"))
        .where("s.id", "=", sessionId)
        .where("p.kind", "=", "lab")
        .where("e.type", "=", "task")
        .where(sql<string>`e.data->>'done'`, "=", "true"),
    )
    .execute();
  return rows.map((r) => r.taskId);
}
