import "server-only";
import { sql } from "kysely";
import type { CurrentUser } from "../auth/current-user";
import { COMMIT_WITHOUT_WAITING } from "../db/commit-without-waiting";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { ownSession, queuePosition, type SessionRow } from "./own-session";
import { SESSION_KIND_RULES } from "./session-kinds";
import type { TerminalInput } from "./session-protocol";
import { notifySessionControl } from "./session-store";
import { TERMINAL_LIMITS } from "./terminal-limits";

/** Bytes a session request body may have: far above what the schemas let through, to cut off a hand-made flood. */
export const SESSION_REQUEST_MAX_BYTES = 64 * 1024;

/**
 * Passes the learner's keystrokes or a new terminal size to the host of an open session (or a starting lab, whose
 * host holds them). 413 when the message would not fit a NOTIFY: the page sends pastes in pieces.
 */
export async function sendSessionInput(user: CurrentUser, sessionId: string, input: TerminalInput): Promise<void> {
  const session = await ownSession(user.id, sessionId);
  const takes =
    session.status === "open" || (session.status === "starting" && SESSION_KIND_RULES[session.kind].inputWhileStarting);
  if (!takes) throw await notRunning(session, "type into");
  if (input.terminal && session.kind !== "lab")
    throw new RequestError("BAD_REQUEST", "Only a lab has more than one terminal: send to terminal 0, or none.");
  const sent = await notifySessionControl(
    pool(),
    input.type === "input"
      ? { kind: "input", sessionId, data: input.data, terminal: input.terminal }
      : input.type === "resize"
        ? { kind: "resize", sessionId, cols: input.cols, rows: input.rows, terminal: input.terminal }
        : { kind: "close-terminal", sessionId, terminal: input.terminal },
  );
  if (!sent)
    throw new RequestError(
      "PAYLOAD_TOO_LARGE",
      `That input is too large to pass on in one piece. Send it in pieces of at most ${TERMINAL_LIMITS.inputChars} ` +
        `characters, as the terminal does with a paste.`,
    );
  // A tab's size is its own (the session's row keeps the first's); a closed tab is nothing to record.
  if (input.type === "close-terminal" || (input.type === "resize" && input.terminal)) return;
  // Recorded once passed on, so a refused piece is no keystroke. A resize is the window, not the learner.
  const q = typedSql(pool());
  if (input.type === "resize") {
    const { cols, rows } = input;
    await q.updateTable("sandbox_session").set({ cols, rows }).where("id", "=", sessionId).execute();
  } else {
    const quickly = q.with("quick(quick)", () => sql.raw(`(${COMMIT_WITHOUT_WAITING})`));
    const stale = sql<Date>`now() - make_interval(secs => ${LAST_INPUT_EVERY_SECONDS})`;
    const typed = quickly.updateTable("sandbox_session").from("quick").set("lastInputAt", sql`now()`);
    await typed
      .where("id", "=", sessionId)
      .where((w) => w.or([w("lastInputAt", "is", null), w("lastInputAt", "<", stale)]))
      .execute();
  }
}

/** How fresh the stored last keystroke is kept: writing at every keystroke made every echo wait for it. */
const LAST_INPUT_EVERY_SECONDS = 5;

/** 409 for a request a session cannot take in its state, saying the state in words and what to do. */
export async function notRunning(session: SessionRow, what: string): Promise<RequestError> {
  const { noun, again } = SESSION_KIND_RULES[session.kind];
  if (session.status === "closed")
    return new RequestError("CONFLICT", `This ${noun} is closed: ${session.closeReason ?? "it ended."} ${again}`, {
      status: session.status,
      closeReason: session.closeReason,
    });
  if (session.status === "queued") {
    const position = await queuePosition(pool(), session.id);
    const place = position === undefined ? "" : ` (number ${position} in the queue)`;
    return new RequestError(
      "CONFLICT",
      `This ${noun} is still waiting for a machine${place}, so there is nothing to ${what} yet. It starts on its ` +
        "own when a machine is free; this page shows when.",
      { status: session.status, ...(position === undefined ? {} : { position }) },
    );
  }
  return new RequestError(
    "CONFLICT",
    `This ${noun} is still starting, so there is nothing to ${what} yet. Wait for its prompt, then try again.`,
    { status: session.status },
  );
}
