/**
 * Everything the sandbox runner takes from the platform's shared code (lib/), in one list: the check specs and
 * lesson links its reports cite, the exercise and result schemas it shares with the web app, the submission
 * lifecycle, the queue, the configuration and the error kinds. Runner modules import these from here, never from
 * lib/ directly (test-support/layers.test.ts holds that), so what the runner depends on stays small and visible.
 */
export { env, HOST_KINDS, type HostKind } from "../lib/config/env";
export { LESSONS } from "../lib/content/lesson-slugs";
export { isDatabaseUnavailable, untilDatabaseAnswers } from "../lib/db/unavailable";
export { checkDockerfileSyntax } from "../lib/dockerfile/check-syntax";
export { closestWord } from "../lib/dockerfile/closest-word";
export { parseImageRef } from "../lib/dockerfile/image-ref";
export {
  DOCKERFILE_INSTRUCTIONS,
  type DockerfileModel,
  type DockerInstruction,
  externalImage,
  flagValue,
  parseDockerfile,
  stageReference,
  targetStage,
} from "../lib/dockerfile/model";
export { programArgv, programName, splitShellCommands } from "../lib/dockerfile/shell-commands";
export { ifErrno, isErrno } from "../lib/errors/errno";
export { PlatformFault } from "../lib/errors/platform-fault";
export { RequestError } from "../lib/errors/request-error";
export type {
  ExerciseChecks,
  ExerciseSpec,
  Probe,
  VariantExpect,
} from "../lib/exercises/exercise-schema";
export { type Exercise, loadExercise, loadSolution, loadVariants } from "../lib/exercises/load-exercise";
export { readFileTree } from "../lib/exercises/read-file-tree";
export { type SubmittedFile, validateFiles } from "../lib/file-sets/validate-files";
export { formatBytes, formatMiB } from "../lib/format/bytes";
export { CAUSES } from "../lib/grading/checks/causes";
export {
  type CheckOutcome,
  type CheckSpec,
  type Finding,
  fail,
  pass,
  skipped,
  toCheckResult,
  warn,
} from "../lib/grading/checks/check-spec";
export { DOCKERFILE_PARSES, dockerfileParses } from "../lib/grading/checks/dockerfile-parses";
export { findingsOf, scoreOf } from "../lib/grading/checks/findings";
export type { ComposeEngineVerdict } from "../lib/grading/compose/compose-engine-verdict";
export type { KeyPath } from "../lib/grading/compose/compose-model";
export { type ComposeRunOptions, composeRunOptions } from "../lib/grading/compose/compose-run-options";
export { type ComposeFile, parseCompose } from "../lib/grading/compose/parse-compose";
export {
  type CacheRebuild,
  type CheckResult,
  type PhaseName,
  type PhaseResult,
  phaseNameSchema,
  RESULT_VERSION,
  type ResultDocument,
  resultDocumentSchema,
} from "../lib/grading/result-schema";
export {
  findSecretFormat,
  looksLikeSecretName,
  SECRET_FORMATS,
  type SecretFormatKind,
} from "../lib/grading/secret-formats";
export { sizeComparisonText } from "../lib/grading/size-comparison";
export { isIgnored, parseDockerignore } from "../lib/grading/static/dockerignore";
export { runStaticChecks, STATIC_CHECKS } from "../lib/grading/static/run-static-checks";
export { ENGINE_SNAPSHOT_CAP, type EngineSnapshot } from "../lib/help/engine-snapshot";
export {
  dropKeptLab,
  giveBackKeptLab,
  type KeptLabRow,
  keptLabAccountFor,
  keptLabIdsAmong,
  recordKeptLab,
  removeExpiredKeptLabs,
  takeKeptLab,
} from "../lib/labs/kept-lab-store";
export { type LabCheck, labCheckSchema } from "../lib/labs/lab-check-schema";
export { LAB_LIMITS } from "../lib/labs/lab-limits";
export { labPreviewRequestSchema } from "../lib/labs/lab-protocol";
export { LAB_IMAGES, LAB_REGISTRY, type LabImage, type LabTask, labSpecSchema } from "../lib/labs/lab-schema";
export { labTasksDoneBefore } from "../lib/labs/lab-tasks-done";
export { lintLab } from "../lib/labs/lint-lab";
export { type Lab, listLabs, loadLab } from "../lib/labs/load-lab";
export { startBoss } from "../lib/queue/boss";
export { BOSS_SCHEMA, gradeJobSchema, JOB_EXPIRE_SECONDS, QUEUES } from "../lib/queue/queues";
export { runnerAliveSql, runnerTiming } from "../lib/runners/liveness";
export { LIVE_SESSION_STATUSES, type SessionKind } from "../lib/sessions/session-lifecycle";
export {
  SESSION_CONTROL_CHANNEL,
  type SessionControl,
  type SessionEvent,
  sessionControlSchema,
} from "../lib/sessions/session-protocol";
export { appendSessionEvent, moveSession, noteStarting, pruneClosedSessionOutput } from "../lib/sessions/session-store";
export { closeStrandedSessions } from "../lib/sessions/stranded-sessions";
export { SHELL_LIMITS } from "../lib/shell/shell-limits";
export { appendEvent } from "../lib/submissions/event-log";
export type { ProgressEvent, SubmissionEvent } from "../lib/submissions/event-types";
export { isInFlightStatus, type SubmissionStatus } from "../lib/submissions/lifecycle";
export { withSizeComparison } from "../lib/submissions/size-history";
export { transition } from "../lib/submissions/transition";
