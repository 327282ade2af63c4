import "server-only";
import type { Course } from "../content/load-course";
import { labsInCourseOrder } from "../labs/lab-order";
import { labProgress, labSessions } from "../labs/lab-progress";
import { listGradedLabs } from "../labs/load-lab";
import type { SessionStatus as LabStatus } from "../sessions/session-lifecycle";

/** One lab of the course as one learner has got on with it. */
export interface LearnerLab {
  slug: string;
  title: string;
  /** Tasks of the lab as it stands that the learner has done, over all their sessions; `total` is all its tasks. */
  done: number;
  total: number;
  /** When the last of its tasks was done; undefined until all are. */
  finishedAt?: Date;
  /** Their sessions of the lab, queued ones that never opened included. */
  sessions: number;
  /** The latest of them; undefined when they have never started the lab. */
  lastSession?: {
    status: LabStatus;
    /** When they asked for it: a session waits in the queue before it opens. */
    requestedAt: Date;
    openedAt?: Date;
    closedAt?: Date;
    /** Why it closed, as its learner was told. */
    closeReason?: string;
  };
}

/**
 * Every lab of the course in course order, with the learner's progress and sessions (none for a lab not started).
 * Not the playground: it has no tasks to have done.
 */
export async function learnerLabs(userId: string, course: Course): Promise<LearnerLab[]> {
  const [labs, sessions] = await Promise.all([listGradedLabs(), labSessions(userId)]);
  const progress = await labProgress(userId, labs);
  return labsInCourseOrder(labs, course).map((lab): LearnerLab => {
    const done = progress[lab.slug];
    const session = sessions[lab.slug];
    const last = session?.last;
    return {
      slug: lab.slug,
      title: lab.spec.title,
      done: done?.done ?? 0,
      total: done?.total ?? lab.spec.tasks.length,
      ...(done?.finishedAt ? { finishedAt: new Date(done.finishedAt) } : {}),
      sessions: session?.sessions ?? 0,
      ...(last
        ? {
            lastSession: {
              status: last.status,
              requestedAt: last.createdAt,
              ...(last.openedAt ? { openedAt: last.openedAt } : {}),
              ...(last.closedAt ? { closedAt: last.closedAt } : {}),
              ...(last.closeReason ? { closeReason: last.closeReason } : {}),
            },
          }
        : {}),
    };
  });
}
