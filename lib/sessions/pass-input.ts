import "server-only";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { notifySessionControl, type SessionKind } from "./session-store";

/** Keystrokes (or a paste piece) or a new terminal size, as the page sends them to any kind of session. */
export type TerminalInput = { type: "input"; data: string } | { type: "resize"; cols: number; rows: number };

/**
 * Passes the learner's input or terminal size to the host holding the session, on the kind's control channel. 413
 * when the message would not fit a NOTIFY: the page sends pastes in pieces of at most `inputChars`, so only a
 * hand-made request gets here.
 */
export async function passTerminalInput<S extends string>(
  kind: SessionKind<S>,
  sessionId: string,
  input: TerminalInput,
  inputChars: number,
): Promise<void> {
  const sent = await notifySessionControl(
    pool(),
    kind,
    input.type === "input"
      ? { kind: "input", sessionId, data: input.data }
      : { kind: "resize", sessionId, cols: input.cols, rows: input.rows },
  );
  if (!sent) {
    throw new RequestError(
      "PAYLOAD_TOO_LARGE",
      `That input is too large to pass on in one piece. Send it in pieces of at most ${inputChars} ` +
        `characters, as the terminal does with a paste.`,
    );
  }
}
