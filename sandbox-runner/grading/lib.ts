/**
 * What the grading host takes from lib/: the check specs and lesson links its reports cite, the Dockerfile and
 * Compose models, the exercise and result schemas it shares with the web app, the submission lifecycle and the
 * queue. Grading modules (pipeline/, run/, inspect/, cache/, compose/, cli/, the job and its sinks) import lib/ only
 * through here (test-support/layers.test.ts), so shells and labs never load the grader's rules.
 */
import { GRADING_SETTINGS, settingsReader } from "../../lib/config/settings";

export { LESSONS } from "../../lib/content/lesson-slugs";
export { typedSql } from "../../lib/db/typed-sql";
export { untilDatabaseAnswers } from "../../lib/db/unavailable";
export { checkDockerfileSyntax } from "../../lib/dockerfile/check-syntax";
export { closestWord } from "../../lib/dockerfile/closest-word";
export { parseImageRef } from "../../lib/dockerfile/image-ref";
export {
  DOCKERFILE_INSTRUCTIONS,
  type DockerfileModel,
  type DockerInstruction,
  externalImage,
  flagValue,
  parseDockerfile,
  stageReference,
  targetStage,
} from "../../lib/dockerfile/model";
export { programArgv, programName, splitShellCommands } from "../../lib/dockerfile/shell-commands";
export { PlatformFault } from "../../lib/errors/platform-fault";
export { RequestError } from "../../lib/errors/request-error";
export {
  type ExerciseChecks,
  type ExerciseSpec,
  GPU_SEED_ARGUMENT,
  type GpuAnswerKind,
  type Probe,
} from "../../lib/exercises/exercise-schema";
export { type Exercise, loadExercise } from "../../lib/exercises/load-exercise";
export { readFileTree } from "../../lib/exercises/read-file-tree";
export { type SubmittedFile, validateFiles } from "../../lib/file-sets/validate-files";
export { formatBytes, formatMiB } from "../../lib/format/bytes";
export { CAUSES } from "../../lib/grading/checks/causes";
export type { CheckOutcome, CheckSpec, Finding } from "../../lib/grading/checks/check-spec";
export { fail, pass, skipped, toCheckResult, warn } from "../../lib/grading/checks/check-spec";
export { DOCKERFILE_PARSES, dockerfileParses } from "../../lib/grading/checks/dockerfile-parses";
export { findingsOf, scoreOf } from "../../lib/grading/checks/findings";
export type { ComposeEngineVerdict } from "../../lib/grading/compose/compose-engine-verdict";
export type { KeyPath } from "../../lib/grading/compose/compose-model";
export { type ComposeRunOptions, composeRunOptions } from "../../lib/grading/compose/compose-run-options";
export { type ComposeFile, parseCompose } from "../../lib/grading/compose/parse-compose";
export {
  type CacheRebuild,
  type CheckResult,
  type PhaseName,
  type PhaseResult,
  phaseNameSchema,
  RESULT_VERSION,
  type ResultDocument,
  resultDocumentSchema,
} from "../../lib/grading/result-schema";
export {
  findSecretFormat,
  looksLikeSecretName,
  SECRET_FORMATS,
  type SecretFormatKind,
} from "../../lib/grading/secret-formats";
export { sizeComparisonText } from "../../lib/grading/size-comparison";
export { isIgnored, parseDockerignore } from "../../lib/grading/static/dockerignore";
export { runStaticChecks, STATIC_CHECKS } from "../../lib/grading/static/run-static-checks";
export { startBoss } from "../../lib/queue/boss";
export { gradeJobSchema, QUEUES } from "../../lib/queue/queues";
export { runnerAliveSql } from "../../lib/runners/liveness";
export { appendEvent } from "../../lib/submissions/event-log";
export type { ProgressEvent, SubmissionEvent } from "../../lib/submissions/event-types";
export { isInFlightStatus } from "../../lib/submissions/lifecycle";
export { withSizeComparison } from "../../lib/submissions/size-history";
export { transition } from "../../lib/submissions/transition";

/** RUNNER_CONCURRENCY, RUNNER_GPUS and RUNNER_GPU_DEVICES: all the grading host reads. */
export const gradingSettings = settingsReader(GRADING_SETTINGS);
