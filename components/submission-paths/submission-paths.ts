/** Where the staff's submission pages live, for every page that links to one (the report, rubrics, the lists). */
export const SUBMISSIONS_PATH = "/instructor/submissions";

export const submissionPath = (id: string) => `${SUBMISSIONS_PATH}/${encodeURIComponent(id)}`;
