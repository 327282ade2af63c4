import "server-only";
import { type CurrentUser, currentUser } from "../auth/current-user";
import { isStaff } from "../auth/roles";
import { loadCourse } from "../content/load-course";
import { findLesson } from "../content/load-lesson";
import { completedLessons, lessonProgressFor, recordLessonView } from "./lesson-progress";

/**
 * What the static pages (home, lessons) fill in for the person reading them, fetched by the browser after the page
 * is shown: who is signed in and which lessons they have completed. Anonymous readers get `user: null`.
 */
export interface Viewer {
  user: { name: string; role: CurrentUser["role"]; staff: boolean } | null;
  completedLessons: string[];
}

export async function currentViewer(): Promise<Viewer> {
  const user = await currentUser();
  if (!user) return { user: null, completedLessons: [] };
  const completed = await completedLessons(user.id);
  return { user: { name: user.name, role: user.role, staff: isStaff(user) }, completedLessons: [...completed] };
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
