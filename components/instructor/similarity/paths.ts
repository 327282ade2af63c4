import { exerciseStatsPath } from "../stats/paths";

/** An exercise's similarity report, for one class or (no class) every learner the staff member sees. */
export const exerciseSimilarityPath = (slug: string, classId?: string) =>
  `${exerciseStatsPath(slug)}/similarity${classId ? `?class=${encodeURIComponent(classId)}` : ""}`;
