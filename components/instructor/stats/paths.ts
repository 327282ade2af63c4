/** Where the statistics pages live, for the dashboard and every page that links to them. */
export const EXERCISE_STATS_PATH = "/instructor/exercises";
export const QUIZ_STATS_PATH = "/instructor/quizzes";
export const LAB_STATS_PATH = "/instructor/labs";

export const exerciseStatsPath = (slug: string) => `${EXERCISE_STATS_PATH}/${encodeURIComponent(slug)}`;
export const quizStatsPath = (lesson: string) => `${QUIZ_STATS_PATH}/${encodeURIComponent(lesson)}`;
/** A lab's tasks on the labs page: one page holds every lab, each under its own heading. */
export const labStatsPath = (slug: string) => `${LAB_STATS_PATH}#${labStatsAnchor(slug)}`;
export const labStatsAnchor = (slug: string) => `lab-${slug}`;
