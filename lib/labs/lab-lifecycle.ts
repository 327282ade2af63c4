/**
 * A lab session's lifecycle: its states and the moves between them. Free of imports so browser code can use it;
 * `moveLab` in ./lab-store.ts is the only code that moves a stored lab, and it checks every move here.
 */

/** Mirrors the LabStatus enum in prisma/schema.prisma. */
export const LAB_STATUSES = ["queued", "starting", "open", "closed"] as const;
export type LabStatus = (typeof LAB_STATUSES)[number];

/** A lab in one of these states counts against its learner's limit and holds (or waits for) a lab host's room. */
export const LIVE_LAB_STATUSES = ["queued", "starting", "open"] as const satisfies readonly LabStatus[];

export const LAB_TRANSITIONS: Readonly<Record<LabStatus, readonly LabStatus[]>> = {
  // A lab host with a free account claims it, oldest first; "closed" when its learner gives up waiting.
  queued: ["starting", "closed"],
  // The lab's engine and shell started ("open"), or could not.
  starting: ["open", "closed"],
  // Closed by the learner, the idle or total time limit, the runner stopping or dying.
  open: ["closed"],
  closed: [],
};

export function canMoveLab(from: LabStatus, to: LabStatus): boolean {
  return LAB_TRANSITIONS[from].includes(to);
}
