// Library surface of the runner, for the platform supervisor, tests and tools.
export { startRunner, type RunnerOptions, type RunningRunner } from "./runner";
export { gradeSubmission } from "./pipeline/grade-submission";
export { handleGradeJob } from "./handle-job";
