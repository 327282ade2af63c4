import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { runnerAliveSql } from "../runners/liveness";
import type { ShellStatus } from "./shell-lifecycle";
import { ownShell } from "./shell-sessions";
import { moveShell, notifyShellControl } from "./shell-store";

const CLOSED_BY_OPENER = "You closed the shell.";

/**
 * Closes the opener's shell. A request no runner has claimed yet, or a shell whose runner stopped, has no container
 * to remove, so it is closed here at once; otherwise the runner holding it is asked to remove the container and
 * close it (the stream then shows `closed`). Closing a closed shell answers as it is.
 */
export async function closeShell(user: CurrentUser, sessionId: string): Promise<{ id: string; status: ShellStatus }> {
  const status = await inTransaction(async (client) => {
    // The lock keeps a runner from claiming the request between the look and the close.
    const shell = await ownShell(user.id, sessionId, client, { lock: true });
    if (shell.status === "closed") return shell.status;
    const holderAlive =
      shell.runnerId !== null &&
      (
        await client.query(`SELECT 1 FROM runner_heartbeat r WHERE r.id = $1 AND ${runnerAliveSql("r")}`, [
          shell.runnerId,
        ])
      ).rowCount === 1;
    if (shell.status !== "requested" && holderAlive) return shell.status;
    await moveShell(client, sessionId, { to: "closed", reason: CLOSED_BY_OPENER });
    return "closed" as const;
  });
  if (status !== "closed") await notifyShellControl(pool(), { kind: "close", sessionId });
  return { id: sessionId, status };
}
