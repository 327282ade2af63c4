/**
 * A sandbox session's lifecycle, the same for every kind: its states and the moves between them. Free of imports
 * so browser code can use it; `moveSession` in ./session-store.ts is the only code that moves a stored session, and
 * it checks every move here.
 */

/** A learner's terminal in a graded image (lib/shell/), or a Docker engine of their own (lib/labs/). */
export const SESSION_KINDS = ["shell", "lab"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Mirrors the SessionStatus enum in prisma/schema.prisma. */
export const SESSION_STATUSES = ["queued", "starting", "open", "closed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A session in one of these states counts against its learner's limit and holds (or waits for) a host's room. */
export const LIVE_SESSION_STATUSES = ["queued", "starting", "open"] as const satisfies readonly SessionStatus[];

export const SESSION_TRANSITIONS: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  // A host with room claims it; "closed" when its learner gives up waiting, or (a shell) nobody claims it in time.
  queued: ["starting", "closed"],
  // Its container or engine and terminal started ("open"), or could not. "queued" again: see open.
  starting: ["open", "closed", "queued"],
  // Closed by the learner, an idle or total time limit, its host stopping or dying. "queued" again (labs): its host
  // restarted or stopped and kept the lab's engine (docs/labs.md "Kept labs"); the next host resumes it, and the page,
  // which follows the same session, reconnects.
  open: ["closed", "queued"],
  closed: [],
};

export function canMoveSession(from: SessionStatus, to: SessionStatus): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}
