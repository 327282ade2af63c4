import { listHref } from "../tables/query";

/** Where the statistics pages live, for the dashboard and every page that links to them. */
export const EXERCISE_STATS_PATH = "/instructor/exercises";
export const QUIZ_STATS_PATH = "/instructor/quizzes";
export const LAB_STATS_PATH = "/instructor/labs";

// `classId`: the class picked on the page that links (`?class=`), which the statistics linked to keep.
export const exerciseStatsPath = (slug: string, classId?: string | null) =>
  listHref(`${EXERCISE_STATS_PATH}/${encodeURIComponent(slug)}`, { class: classId ?? undefined });
export const quizStatsPath = (lesson: string, classId?: string | null) =>
  listHref(`${QUIZ_STATS_PATH}/${encodeURIComponent(lesson)}`, { class: classId ?? undefined });
/** A lab's tasks on the labs page: one page holds every lab, each under its own heading. */
export const labStatsPath = (slug: string, classId?: string | null) =>
  `${listHref(LAB_STATS_PATH, { class: classId ?? undefined })}#${labStatsAnchor(slug)}`;
export const labStatsAnchor = (slug: string) => `lab-${slug}`;
