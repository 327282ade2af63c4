import type { SessionKind } from "./session-lifecycle";

/** What differs between the kinds of session in their lifecycle, and the words their learners read about it. */
export interface SessionKindRules {
  /** The session in a sentence: "This shell is closed". */
  noun: string;
  /**
   * How long a queued session may wait for a host to claim it; undefined: as long as its turn takes. A shell can
   * only be served by the engine holding its image, so one nobody claims in time has nobody to serve it; any lab
   * host can take a lab, so its queue is honest however long it is, and the page says where it stands.
   */
  claimSeconds?: number;
  /** Whether a starting session takes input: a lab host holds it until the shell reads; a shell's has no holder. */
  inputWhileStarting: boolean;
  /** What to do once it closed, ending a sentence. */
  again: string;
  /** Why it closed, for its learner (lib/sessions/close-session.ts, stranded-sessions.ts). */
  reasons: {
    closedByLearner: string;
    closedWhileQueued: string;
    /** Its host stopped beating. */
    hostDead: string;
    /** Nobody claimed it within claimSeconds (kinds that have it). */
    unclaimed?: string;
  };
}

const SHELL_CLAIM_SECONDS = 30;

export const SESSION_KIND_RULES: Readonly<Record<SessionKind, SessionKindRules>> = {
  shell: {
    noun: "shell",
    claimSeconds: SHELL_CLAIM_SECONDS,
    inputWhileStarting: false,
    again: "Open a new one to carry on.",
    reasons: {
      closedByLearner: "You closed the shell.",
      closedWhileQueued: "You closed the shell.",
      hostDead:
        "The grading machine serving this shell stopped answering, so the shell was closed and its container " +
        "removed. Open the shell again; anything you wrote inside it is gone.",
      unclaimed:
        `No grading machine that holds this image started the shell within ${SHELL_CLAIM_SECONDS} seconds ` +
        "(it may be busy with other shells, or restarting). Try again in a minute; if it keeps failing, submit " +
        "again to build the image afresh.",
    },
  },
  lab: {
    noun: "lab",
    inputWhileStarting: true,
    again: "Start the lab again to carry on.",
    reasons: {
      closedByLearner: "You closed the lab.",
      closedWhileQueued: "You closed the lab before it started.",
      hostDead:
        "The machine running your lab stopped answering, so the lab was closed. When that machine comes back it " +
        "keeps the lab's work for you, and starting the lab again resumes it; if it does not come back, the work " +
        "is gone and the lab starts afresh. Tasks you finished stay finished.",
    },
  },
};
