import "server-only";
import { hasStaffAccess, type StaffScope, staffScope } from "../access/staff-scope";
import { type CurrentUser, currentUser } from "../auth/current-user";
import { loadCourse } from "../content/load-course";
import { findLesson } from "../content/load-lesson";
import { readPreferences } from "../identities/account-preferences";
import { labTasksDoneByLab } from "../labs/lab-progress";
import type { Preferences } from "../preferences/preferences";
import { unseenFeedback } from "../submissions/comments";
import { exerciseProgress } from "./exercise-progress";
import { completedLessons, lessonProgressFor, recordLessonView } from "./lesson-progress";

/**
 * What the static pages (home, lessons) fill in for the person reading them, fetched by the browser after the page
 * is shown: who is signed in, which lessons they have completed and which exercises they have attempted or passed.
 * Anonymous readers get `user: null`.
 */
export interface Viewer {
  /**
   * `part`: what the header calls them, the platform's `role` unless a class makes them more (partOf).
   * `preferences`: the account's, which the browser applies over its own copy (components/layout/preferences.tsx).
   */
  user: { name: string; role: CurrentUser["role"]; staff: boolean; part: Part; preferences: Preferences } | null;
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
  const [completed, progress, scope, feedback, labTasks, preferences] = await Promise.all([
    completedLessons(user.id),
    exerciseProgress(user.id),
    staffScope(user),
    unseenFeedback(user.id),
    labTasksDoneByLab(user.id),
    readPreferences(user.id),
  ]);
  return {
    user: {
      name: user.name,
      role: user.role,
      staff: hasStaffAccess(scope),
      part: partOf(user.role, scope),
      preferences,
    },
    completedLessons: [...completed],
    exercises: Object.fromEntries(
      [...progress].map(([slug, p]) => [slug, p.status === "passed" ? "passed" : "attempted"]),
    ),
    newFeedback: Object.fromEntries(feedback),
    labTasks,
  };
}

type Part = "admin" | "instructor" | "teaching assistant" | "learner";

/**
 * The platform's role, unless a class makes the person more: an LMS's instructors and TAs come in through LTI as
 * learners of the platform (the LMS decides their part only in its course's class), and are that class's staff.
 */
function partOf(role: CurrentUser["role"], scope: StaffScope): Part {
  if (role !== "learner") return role;
  if (scope.classes.some((c) => c.role === "instructor")) return "instructor";
  if (scope.classes.some((c) => c.role === "ta")) return "teaching assistant";
  return "learner";
}

export type LessonVisit = Awaited<ReturnType<typeof lessonProgressFor>>;

/**
 * Records that a learner opened a lesson and answers with their progress on it. The page calls this once it is
 * shown, so serving the page itself never writes to the database.
 */
export async function visitLesson(userId: string, lessonSlug: string): Promise<LessonVisit> {
  await findLesson(await loadCourse(), lessonSlug);
  await recordLessonView(userId, lessonSlug);
  return lessonProgressFor(userId, lessonSlug);
}
