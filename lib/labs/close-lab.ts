import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { runnerAliveSql } from "../runners/liveness";
import type { LabStatus } from "./lab-lifecycle";
import { ownLab } from "./lab-sessions";
import { moveLab, notifyLabControl } from "./lab-store";

const CLOSED_IN_QUEUE = "You closed the lab before it started.";
const CLOSED_BY_LEARNER = "You closed the lab.";

/**
 * Closes the learner's lab. A queued lab, or one whose host stopped, has no engine to stop, so it is closed here at
 * once; otherwise the host holding it is asked to stop the engine and close it (the stream then shows `closed`).
 * Closing a closed lab answers as it is.
 */
export async function closeLab(user: CurrentUser, sessionId: string): Promise<{ id: string; status: LabStatus }> {
  const status = await inTransaction(async (client) => {
    // The row lock keeps a lab host from claiming a queued lab between the look and the close.
    const lab = await ownLab(user.id, sessionId, client, { lock: true });
    if (lab.status === "closed") return lab.status;
    if (lab.status === "queued") {
      await moveLab(client, sessionId, { to: "closed", reason: CLOSED_IN_QUEUE });
      return "closed" as const;
    }
    const holderAlive =
      (
        await client.query(`SELECT 1 FROM runner_heartbeat r WHERE r.id = $1 AND ${runnerAliveSql("r")}`, [
          lab.runnerId,
        ])
      ).rowCount === 1;
    if (holderAlive) return lab.status;
    await moveLab(client, sessionId, { to: "closed", reason: CLOSED_BY_LEARNER });
    return "closed" as const;
  });
  if (status !== "closed") await notifyLabControl(pool(), { kind: "close", sessionId });
  return { id: sessionId, status };
}
