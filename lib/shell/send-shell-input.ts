import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { passTerminalInput } from "../sessions/pass-input";
import { SHELL_LIMITS } from "./shell-limits";
import type { ShellInput } from "./shell-protocol";
import { ownShell } from "./shell-sessions";
import { SHELL_SESSIONS } from "./shell-store";

/**
 * Bytes a shell request body may have. Far above what the schemas let through (SHELL_LIMITS.inputChars of text,
 * each at most six bytes once JSON-escaped), so anything the browser sends fits and a hand-made flood is cut off
 * before it is read into memory.
 */
export const SHELL_REQUEST_MAX_BYTES = 1024 * 1024;

/**
 * Passes the opener's keystrokes (or a paste piece) or a new terminal size to the runner holding the shell. Only an
 * open shell takes input: nothing would read it before, and nothing is left to after.
 */
export async function sendShellInput(user: CurrentUser, sessionId: string, input: ShellInput): Promise<void> {
  const shell = await ownShell(user.id, sessionId);
  if (shell.status === "closed") {
    throw new RequestError(
      "CONFLICT",
      `This shell is closed: ${shell.closeReason ?? "it ended."} Open a new one to carry on.`,
      { status: shell.status, closeReason: shell.closeReason },
    );
  }
  if (shell.status !== "open") {
    throw new RequestError(
      "CONFLICT",
      "This shell is still starting, so there is nothing to type into yet. Wait for its prompt, then type again.",
      { status: shell.status },
    );
  }
  if (input.type === "resize") {
    await pool().query(`UPDATE shell_session SET cols = $2, rows = $3 WHERE id = $1`, [
      sessionId,
      input.cols,
      input.rows,
    ]);
  }
  await passTerminalInput(SHELL_SESSIONS, sessionId, input, SHELL_LIMITS.inputChars);
}
