/** Where the statistics pages live, for the dashboard and every page that links to them. */
export const EXERCISE_STATS_PATH = "/instructor/exercises";
export const QUIZ_STATS_PATH = "/instructor/quizzes";

export const exerciseStatsPath = (slug: string) => `${EXERCISE_STATS_PATH}/${encodeURIComponent(slug)}`;
export const quizStatsPath = (lesson: string) => `${QUIZ_STATS_PATH}/${encodeURIComponent(lesson)}`;
