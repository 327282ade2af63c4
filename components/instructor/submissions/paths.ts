import { listHref } from "../tables/query";

/** Where the submission pages live, for every instructor page that links to one or to a filtered list. */
export const SUBMISSIONS_PATH = "/instructor/submissions";

export const submissionPath = (id: string) => `${SUBMISSIONS_PATH}/${encodeURIComponent(id)}`;

/** The submissions list with these filters (exercise, learner, status, from, to, batch). */
export const submissionsListPath = (filters: Record<string, string | undefined>) => listHref(SUBMISSIONS_PATH, filters);
