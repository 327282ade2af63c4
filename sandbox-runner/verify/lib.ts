/**
 * What the verifications of exercises and labs (verify/, remembered/) take from lib/: the reference solutions and
 * variants, the labs and their linting, and where passes are remembered (test-support/layers.test.ts).
 */
import { settingsReader, VERIFY_SETTINGS } from "../../lib/config/settings";

export { parseDockerfile } from "../../lib/dockerfile/model";
export { PlatformFault } from "../../lib/errors/platform-fault";
export type { VariantExpect } from "../../lib/exercises/exercise-schema";
export { type Exercise, loadSolution, loadVariants } from "../../lib/exercises/load-exercise";
export type { SubmittedFile } from "../../lib/file-sets/validate-files";
export type { ResultDocument } from "../../lib/grading/result-schema";
export type { LabTask } from "../../lib/labs/lab-schema";
export { lintLab } from "../../lib/labs/lint-lab";
export type { Lab } from "../../lib/labs/load-lab";

/** DOCKYARD_VERIFY_CACHE and DOCKYARD_VERIFY_FRESH. */
export const verifySettings = settingsReader(VERIFY_SETTINGS);
