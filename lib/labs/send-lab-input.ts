import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { passTerminalInput } from "../sessions/pass-input";
import { LAB_LIMITS } from "./lab-limits";
import type { LabInput } from "./lab-protocol";
import { type LabRow, labQueuePosition, ownLab } from "./lab-sessions";
import { LAB_SESSIONS } from "./lab-store";

/**
 * Bytes a lab request body may have. Far above what the schemas let through (LAB_LIMITS.inputChars of text, each at
 * most six bytes once JSON-escaped, or a port and a path of 2000 characters), so anything the page sends fits and a
 * hand-made flood is cut off before it is read into memory.
 */
export const LAB_REQUEST_MAX_BYTES = 64 * 1024;

/**
 * Passes the learner's keystrokes (or a paste piece) or a new terminal size to the lab host holding the lab. A lab
 * that is starting takes them too: its host holds them until the shell reads. A queued one has nobody to pass them
 * to, and a closed one nothing left.
 */
export async function sendLabInput(user: CurrentUser, sessionId: string, input: LabInput): Promise<void> {
  const lab = await ownLab(user.id, sessionId);
  if (lab.status === "queued" || lab.status === "closed") throw await notRunning(lab, "type into");
  // The idle limit counts from the last keystroke; a resize is the window, not the learner.
  await pool().query(
    input.type === "input"
      ? `UPDATE lab_session SET "lastInputAt" = now() WHERE id = $1`
      : `UPDATE lab_session SET cols = $2, rows = $3 WHERE id = $1`,
    input.type === "input" ? [sessionId] : [sessionId, input.cols, input.rows],
  );
  await passTerminalInput(LAB_SESSIONS, sessionId, input, LAB_LIMITS.inputChars);
}

/** 409 for a request a lab cannot take in its state, saying the state in words and what to do. */
export async function notRunning(lab: LabRow, what: string): Promise<RequestError> {
  if (lab.status === "closed") {
    return new RequestError(
      "CONFLICT",
      `This lab is closed: ${lab.closeReason ?? "it ended."} Start the lab again to carry on.`,
      { status: lab.status, closeReason: lab.closeReason },
    );
  }
  if (lab.status === "queued") {
    const position = await labQueuePosition(pool(), lab.id);
    const place = position === undefined ? "" : ` (number ${position} in the queue)`;
    return new RequestError(
      "CONFLICT",
      `This lab is still waiting for a machine${place}, so there is nothing to ${what} yet. It starts on its own ` +
        "when a machine is free; this page shows when.",
      { status: lab.status, ...(position === undefined ? {} : { position }) },
    );
  }
  return new RequestError(
    "CONFLICT",
    `This lab is still starting, so there is nothing to ${what} yet. Wait for its prompt, then try again.`,
    { status: lab.status },
  );
}
