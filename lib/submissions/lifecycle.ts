/**
 * The submission lifecycle: its states and the moves between them. It imports only grading's verdicts, which import
 * nothing, so browser code can use it; `transition` in ./transition.ts is the only code that moves a stored
 * submission, and it checks every move here.
 */

import { GRADED_STATUSES } from "../grading/verdicts";

/** A submission may still be graded: its learner may not submit another one meanwhile. */
export const IN_FLIGHT_STATUSES = ["queued", "running"] as const;
/**
 * A submission never changes again. "withdrawn": its learner took it back before any grader started it, so it was
 * never graded and counts for nothing (a withdrawn attempt still counts towards the rate limit: it was sent).
 */
export const FINAL_STATUSES = [...GRADED_STATUSES, "withdrawn"] as const;
/** Mirrors the SubmissionStatus enum in prisma/schema.prisma. */
export const SUBMISSION_STATUSES = [...IN_FLIGHT_STATUSES, ...FINAL_STATUSES] as const;

export type InFlightStatus = (typeof IN_FLIGHT_STATUSES)[number];
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Every submission is stored in this state, waiting for a runner. */
export const INITIAL_STATUS = "queued" satisfies SubmissionStatus;

/** Where each state may go next. Typed so that a final state cannot be given a way out. */
export const TRANSITIONS: Readonly<
  Record<InFlightStatus, readonly SubmissionStatus[]> & Record<FinalStatus, readonly []>
> = {
  // A runner picks the job up; "error" when it could not be queued or the job died on every retry; "withdrawn" when
  // its learner takes it back first (a runner that then gets the job finds the move to "running" refused).
  queued: ["running", "error", "withdrawn"],
  // "running" again when a retried job restarts grading because the runner that had it died.
  running: ["running", "passed", "failed", "error"],
  passed: [],
  failed: [],
  error: [],
  withdrawn: [],
};

export function isFinalStatus(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

export function isInFlightStatus(status: string): status is InFlightStatus {
  return (IN_FLIGHT_STATUSES as readonly string[]).includes(status);
}

export function canTransition(from: SubmissionStatus, to: SubmissionStatus): boolean {
  const next: readonly SubmissionStatus[] = TRANSITIONS[from];
  return next.includes(to);
}
