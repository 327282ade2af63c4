import type { Answer } from "@/components/http/send-json";
import type { SessionStatus } from "@/lib/sessions/session-lifecycle";

type Range = { min: number; max: number };

/** What differs between the sessions a terminal attaches to (a shell, a lab): opening, lifetime and wording. */
export interface TerminalEndpoint {
  /** Starts the test ids (`shell` gives shell-status, shell-terminal…) and names the session in sentences. */
  noun: string;
  /** The accessible name of the terminal's region. */
  label: string;
  limits: { cols: Range; rows: Range; inputChars: number; pendingInputBytes: number; idleSeconds: number };
  /** Terminals the session may have at once, shown as tabs once it is open (a lab's); absent: one, no tabs. */
  tabs?: number;
  /** Asks for a session of this size: a new one, or the account's live one on the same thing. */
  open: (size: { cols: number; rows: number }) => Promise<Answer>;
  /** Whether leaving the page closes the session (a beacon survives the unload); a lab outlives its page. */
  closesWithPage: boolean;
  text: {
    opening: string;
    /** Starts the sentence shown for a refusal that carries no message of the server's. */
    refused: string;
    /** The status line of each live status; a closed session's is "Closed:" and the server's reason. */
    status: Record<Exclude<SessionStatus, "closed">, string>;
    /** The button that replaces a closed (or refused) session with a new one. */
    restart: string;
    /** Said from the Close button's press until the session has closed (a lab: "Keeping your work…"). */
    closing?: string;
    /** The button that closes the account's other session and opens this one instead. */
    takeOver: string;
  };
}
