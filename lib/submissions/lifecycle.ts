/**
 * The submission lifecycle: its states and the moves between them. Free of imports so browser code can use it;
 * `transition` in ./transition.ts is the only code that moves a stored submission, and it checks every move here.
 */

/** A submission may still be graded: its learner may not submit another one meanwhile. */
export const IN_FLIGHT_STATUSES = ["queued", "running"] as const;
/** A submission never changes again. */
export const FINAL_STATUSES = ["passed", "failed", "error"] as const;
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
  // A runner picks the job up; "error" when it could not be queued or the job died on every retry.
  queued: ["running", "error"],
  // "running" again when a retried job restarts grading because the runner that had it died.
  running: ["running", "passed", "failed", "error"],
  passed: [],
  failed: [],
  error: [],
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
