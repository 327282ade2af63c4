import { z } from "zod";

/** pg-boss's tables live in this schema; named here so SQL that reads them (the instructor dashboard) agrees. */
export const BOSS_SCHEMA = "pgboss";

export const QUEUES = {
  cpu: "grade-cpu",
  gpu: "grade-gpu",
  /** Jobs that exhausted their retries land here so the submission can be closed with a clear message. */
  dead: "grade-dead",
} as const;

/** Jobs carry ids only; everything else is read from the database by the runner. */
export const gradeJobSchema = z.object({ submissionId: z.string().min(1).max(64) });
export type GradeJob = z.infer<typeof gradeJobSchema>;

/** Longest a runner may hold a job before pg-boss hands it to another runner. */
export const JOB_EXPIRE_SECONDS = 15 * 60;
export const JOB_RETRY_LIMIT = 2;

/**
 * pg-boss job priorities (higher runs first). An instructor's re-grade of a whole exercise can queue hundreds of
 * jobs; below the learners' own submissions they never make a learner wait behind them.
 */
export const JOB_PRIORITY = { submission: 0, regrade: -1 } as const;
