import type { SessionError } from "./session-errors";

export interface Answer {
  status: number;
  body: unknown;
}

/** Sends JSON (or nothing) and reads the JSON answer, if any; throws only when the server could not be reached. */
export async function requestJson(url: string, body?: unknown, method = "POST"): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** One message of a session's stream as the terminal sees it: output to draw, a status, or news for the page. */
export type TerminalEvent<E> =
  | { kind: "output"; text: string }
  | { kind: "status"; status: string; message?: string }
  | { kind: "other"; event: E };

interface Range {
  min: number;
  max: number;
}

/**
 * Everything that differs between the sessions a browser terminal attaches to (a shell in a submission's image, a
 * learner's lab): where it is opened, followed, typed into and closed, and what the learner reads about it. The
 * terminal itself (xterm, the ordered input queue, the keys, the reconnecting stream) is the same for all.
 */
export interface TerminalEndpoint<E = never> {
  /** Starts the test ids (`shell` gives shell-status, shell-terminal…) and names the session in sentences. */
  noun: string;
  /** The accessible name of the terminal's region. */
  label: string;
  limits: { cols: Range; rows: Range; inputChars: number; pendingInputBytes: number };
  /** Asks for a session of this size: a new one, or the account's live one on the same thing. */
  open: (size: { cols: number; rows: number }) => Promise<Answer>;
  eventsUrl: (id: string) => string;
  /** The SSE event names to listen to. */
  eventTypes: readonly string[];
  parse: (type: string, raw: string) => TerminalEvent<E> | null;
  inputUrl: (id: string) => string;
  close: (id: string) => Promise<Answer>;
  /** Where a beacon closes the session when the page goes away; absent when the session outlives its page. */
  leaveUrl?: (id: string) => string;
  readError: (status: number, body: unknown) => SessionError;
  /** How long the session lives without typing, for the message shown when closing it failed. */
  idleMinutes: number;
  text: {
    opening: string;
    /** The status line for a status the stream reported, with the server's message when it sent one. */
    status: (status: string, message?: string) => string;
    /** The button that replaces a closed (or refused) session with a new one. */
    restart: string;
    /** The button that closes the account's other session and opens this one instead. */
    takeOver: string;
  };
}
