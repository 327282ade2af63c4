import "server-only";
import { sql } from "kysely";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { runnerAliveSql } from "../runners/liveness";
import { ownSession } from "./own-session";
import { SESSION_KIND_RULES } from "./session-kinds";
import type { SessionStatus } from "./session-lifecycle";
import { moveSession, notifySessionControl } from "./session-store";

/**
 * Closes the caller's session: at once when queued or its host stopped (nothing runs), else by asking its host to.
 */
export async function closeSession(
  user: CurrentUser,
  sessionId: string,
): Promise<{ id: string; status: SessionStatus }> {
  const status = await inTransaction(async (client) => {
    // The row lock keeps a host from claiming a queued session between the look and the close.
    const session = await ownSession(user.id, sessionId, { db: client, lock: true });
    if (session.status === "closed") return session.status;
    const { reasons } = SESSION_KIND_RULES[session.kind];
    if (session.status === "queued") {
      await moveSession(client, sessionId, { to: "closed", reason: reasons.closedWhileQueued });
      return "closed" as const;
    }
    const holder = typedSql(client).selectFrom("runner_heartbeat as r").select("r.id");
    const alive = sql.raw<boolean>(runnerAliveSql("r"));
    if (await holder.where("r.id", "=", session.runnerId).where(alive).executeTakeFirst()) return session.status;
    await moveSession(client, sessionId, { to: "closed", reason: reasons.closedByLearner });
    return "closed" as const;
  });
  if (status !== "closed") await notifySessionControl(pool(), { kind: "close", sessionId });
  return { id: sessionId, status };
}
