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
 * The tasks a learner has done (of one lab, or of every lab), each with when it was first done: the credit recorded,
 * and what a host reported done that the web's course policy has not recorded yet (lib/course-policy/ does within a
 * second). So a page read the moment a task turns green, a help request asked then, or a lab resumed then, sees it
 * done. The one answer to "which tasks are done", for the web's pages and the lab host alike.
 */
export function tasksDone(db: Db, userId: string, labSlug?: string) {
  const q = typedSql(db);
  const recorded = q
    .selectFrom("lab_task_done")
    .select(["labSlug", "taskId", "doneAt as at"])
    .where("userId", "=", userId)
    .$if(labSlug !== undefined, (w) => w.where("labSlug", "=", labSlug!));
  const reported = q
    .selectFrom("session_event as e")
    .innerJoin("sandbox_session as s", "s.id", "e.sessionId")
    .select((eb) => [
      eb.ref("s.labSlug").$notNull().as("labSlug"),
      sql<string>`e.data->>'id'`.as("taskId"),
      "e.createdAt as at",
    ])
    .where("s.userId", "=", userId)
    .where("s.kind", "=", "lab")
    .$if(labSlug !== undefined, (w) => w.where("s.labSlug", "=", labSlug!))
    .where("e.type", "=", "task")
    // Below the cursor every report is applied (recorded above, or not done): only the few newer ones are read, by
    // the (type, tx) index, so a read stays cheap however long the learner's sessions ran.
    .where("e.tx", ">=", (eb) => eb.selectFrom("course_policy_cursor").select("tx").where("name", "=", "events"))
    .where(sql<string>`e.data->>'done'`, "=", "true");
  return q
    .selectFrom(recorded.unionAll(reported).as("d"))
    .select(["d.labSlug", "d.taskId", (eb) => eb.fn.min("d.at").as("at")])
    .groupBy(["d.labSlug", "d.taskId"])
    .orderBy("at")
    .orderBy("d.taskId")
    .execute();
}

/** The tasks of the session's lab that its learner has done, in this session or an earlier one. */
export async function labTasksDoneBefore(db: Db, sessionId: string): Promise<string[]> {
  const session = await typedSql(db)
    .selectFrom("sandbox_session")
    .select(["userId", "labSlug"])
    .where("id", "=", sessionId)
    .where("kind", "=", "lab")
    .executeTakeFirst();
  if (!session?.labSlug) return [];
  return (await tasksDone(db, session.userId, session.labSlug)).map((r) => r.taskId);
}
