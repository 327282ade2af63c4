/** Where the learner pages live, for every instructor page that links to a learner. */
export const LEARNERS_PATH = "/instructor/learners";

export const learnerPath = (id: string) => `${LEARNERS_PATH}/${encodeURIComponent(id)}`;
