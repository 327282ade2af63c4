import { SUBMISSIONS_PATH } from "@/components/submission-paths/submission-paths";
import { listHref } from "./tables/query";

/** Where the instructor pages live, for every page that links to them. */
export const LEARNERS_PATH = "/instructor/learners";
export const EXERCISE_STATS_PATH = "/instructor/exercises";
export const QUIZ_STATS_PATH = "/instructor/quizzes";
export const LAB_STATS_PATH = "/instructor/labs";

export const learnerPath = (id: string) => `${LEARNERS_PATH}/${encodeURIComponent(id)}`;

/** The submissions list with these filters (exercise, learner, status, from, to, batch). */
export const submissionsListPath = (filters: Record<string, string | undefined>) => listHref(SUBMISSIONS_PATH, filters);

// `classId`: the class picked on the page that links (`?class=`), which the statistics linked to keep.
export const exerciseStatsPath = (slug: string, classId?: string | null) =>
  listHref(`${EXERCISE_STATS_PATH}/${encodeURIComponent(slug)}`, { class: classId ?? undefined });
export const quizStatsPath = (lesson: string, classId?: string | null) =>
  listHref(`${QUIZ_STATS_PATH}/${encodeURIComponent(lesson)}`, { class: classId ?? undefined });
/** A lab's tasks on the labs page: one page holds every lab, each under its own heading. */
export const labStatsPath = (slug: string, classId?: string | null) =>
  `${listHref(LAB_STATS_PATH, { class: classId ?? undefined })}#${labStatsAnchor(slug)}`;
export const labStatsAnchor = (slug: string) => `lab-${slug}`;

/** An exercise's similarity report, for one class or (no class) every learner the staff member sees. */
export const exerciseSimilarityPath = (slug: string, classId?: string) =>
  `${exerciseStatsPath(slug)}/similarity${classId ? `?class=${encodeURIComponent(classId)}` : ""}`;
