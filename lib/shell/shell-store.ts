import type pg from "pg";
import { sessionKind, sessionStore } from "../sessions/session-store";
import { canMoveShell, SHELL_STATUSES, type ShellStatus } from "./shell-lifecycle";
import { SHELL_LIMITS } from "./shell-limits";
import { SHELL_CONTROL_CHANNEL, type ShellControl, type StoredShellEvent } from "./shell-protocol";

type Db = pg.Pool | pg.PoolClient;

/** Shells as sandbox sessions (lib/sessions/): their rows, lifecycle and control channel. */
export const SHELL_SESSIONS = sessionKind(
  "shell",
  { statuses: SHELL_STATUSES, canMove: canMoveShell },
  {
    controlChannel: SHELL_CONTROL_CHANNEL,
    // A request only the engine holding the image can take: one that waits past claimSeconds has nobody to take it.
    stranded: {
      claimSeconds: SHELL_LIMITS.claimSeconds,
      reasons: {
        "runner-dead":
          "The grading machine serving this shell stopped answering, so the shell was closed and its container " +
          "removed. Open the shell again; anything you wrote inside it is gone.",
        unclaimed:
          `No grading machine that holds this image started the shell within ${SHELL_LIMITS.claimSeconds} seconds ` +
          "(it may be busy with other shells, or restarting). Try again in a minute; if it keeps failing, submit " +
          "again to build the image afresh.",
      },
    },
  },
);
const store = sessionStore<ShellStatus, StoredShellEvent, ShellControl>(SHELL_SESSIONS);

/** The only way a stored shell changes status (moveSession: checked, with its status event, in one statement). */
export const moveShell = store.move;
export const listShellEventsAfter = store.listAfter;
/** Sends a control message to the runners; false when it is too large for a NOTIFY (the caller refuses it). */
export const notifyShellControl = store.notify;

/** Appends output and wakes listeners in one statement, as every session's events do. */
export function appendShellOutput(db: Db, sessionId: string, text: string): Promise<string> {
  return store.append(db, sessionId, { type: "output", data: { text } });
}

/**
 * Deletes what closed shells printed once they have been closed for `afterSeconds`: nobody can follow a closed
 * shell again, and a shell may print megabytes. The session rows and their status moves stay, as the record of
 * who opened a shell in whose image, when, and why it closed. Answers how many events went.
 */
export function pruneClosedShellOutput(db: Db, afterSeconds = SHELL_OUTPUT_KEPT_SECONDS): Promise<number> {
  return store.pruneOutput(db, afterSeconds);
}

/** A closed shell's output stays this long: a page that lost its connection at the close can still read the end. */
export const SHELL_OUTPUT_KEPT_SECONDS = 60 * 60;
