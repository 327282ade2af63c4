import "server-only";
import { hasStaffAccess, staffScope } from "../access/staff-scope";
import { type CurrentUser, currentUser } from "../auth/current-user";
import { loadCourse } from "../content/load-course";
import { findLesson } from "../content/load-lesson";
import { labTasksDoneByLab } from "../labs/lab-progress";
import { unseenFeedback } from "../submissions/comments";
import { exerciseProgress } from "./exercise-progress";
import { completedLessons, lessonProgressFor, recordLessonView } from "./lesson-progress";

/**
 * What the static pages (home, lessons) fill in for the person reading them, fetched by the browser after the page
 * is shown: who is signed in, which lessons they have completed and which exercises they have attempted or passed.
 * Anonymous readers get `user: null`.
 */
export interface Viewer {
  user: { name: string; role: CurrentUser["role"]; staff: boolean } | null;
  completedLessons: string[];
  /** The exercises submitted to, by slug (the rest are not started), as the exercises page counts them. */
  exercises: Record<string, "attempted" | "passed">;
  /**
   * The exercises with staff feedback the learner has not seen, by slug, each with the attempt (submission id) to
   * read it on. Absent for visitors.
   */
  newFeedback?: Record<string, string>;
  /**
   * The ids of the tasks done in each lab the learner has worked in, by slug. A page counts them against the tasks
   * the lab has now (a task taken out of the content no longer counts). Absent for visitors.
   */
  labTasks?: Record<string, string[]>;
}

export async function currentViewer(): Promise<Viewer> {
  return viewerFor(await currentUser());
}

export async function viewerFor(user: CurrentUser | null): Promise<Viewer> {
  if (!user) return { user: null, completedLessons: [], exercises: {} };
  const [completed, progress, scope, feedback, labTasks] = await Promise.all([
    completedLessons(user.id),
    exerciseProgress(user.id),
    staffScope(user),
    unseenFeedback(user.id),
    labTasksDoneByLab(user.id),
  ]);
  return {
    user: { name: user.name, role: user.role, staff: hasStaffAccess(scope) },
    completedLessons: [...completed],
    exercises: Object.fromEntries(
      [...progress].map(([slug, p]) => [slug, p.status === "passed" ? "passed" : "attempted"]),
    ),
    newFeedback: Object.fromEntries(feedback),
    labTasks,
  };
}

export interface LessonVisit {
  completed: boolean;
  lastAttempt?: { correct: number; total: number };
}

/**
 * Records that a learner opened a lesson and answers with their progress on it. The page calls this once it is
 * shown, so serving the page itself never writes to the database.
 */
export async function visitLesson(userId: string, lessonSlug: string): Promise<LessonVisit> {
  await findLesson(await loadCourse(), lessonSlug);
  await recordLessonView(userId, lessonSlug);
  return lessonProgressFor(userId, lessonSlug);
}
