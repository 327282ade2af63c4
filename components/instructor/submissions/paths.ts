import { SUBMISSIONS_PATH } from "@/components/submission-paths/submission-paths";
import { listHref } from "../tables/query";

/** The submissions list with these filters (exercise, learner, status, from, to, batch). */
export const submissionsListPath = (filters: Record<string, string | undefined>) => listHref(SUBMISSIONS_PATH, filters);
