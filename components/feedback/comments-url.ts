/** Where a submission's comments are read, written and marked seen. */
export const commentsUrl = (submissionId: string) => `/api/submissions/${encodeURIComponent(submissionId)}/comments`;
