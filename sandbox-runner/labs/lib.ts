/**
 * What the lab host takes from lib/: labs as authored, kept labs, the lab protocol and the session store. Lab
 * modules (labs/, hosts/labs.ts) import lib/ only through here (test-support/layers.test.ts).
 */
import { ENGINE_SETTINGS, FILES_SETTINGS, LAB_SETTINGS, settingsReader } from "../../lib/config/settings";

export { typedSql } from "../../lib/db/typed-sql";
export { isErrno } from "../../lib/errors/errno";
export { formatBytes } from "../../lib/format/bytes";
export { ENGINE_SNAPSHOT_CAP, type EngineSnapshot } from "../../lib/help/engine-snapshot";
// Kept labs: a closed lab's disk, kept a while for its learner on this machine.
export {
  dropKeptLab,
  giveBackKeptLab,
  type KeptLabRow,
  keptLabAccountFor,
  keptLabIdsAmong,
  recordKeptLab,
  removeExpiredKeptLabs,
  takeKeptLab,
} from "../../lib/labs/kept-lab-store";
// Labs as authored: their checks, limits, images and tasks, and the preview requests they answer.
export type { LabCheck } from "../../lib/labs/lab-check-schema";
export { LAB_LIMITS } from "../../lib/labs/lab-limits";
export { labPreviewRequestSchema } from "../../lib/labs/lab-protocol";
export { LAB_IMAGES, type LabImage } from "../../lib/labs/lab-schema";
export { labTasksDoneBefore } from "../../lib/labs/lab-tasks-done";
export { type Lab, loadLab } from "../../lib/labs/load-lab";
// The session a lab serves (sessions/lib.ts has what shells share).
export type { SessionEvent } from "../../lib/sessions/session-protocol";
export { appendSessionEvent, moveSession, noteStarting } from "../../lib/sessions/session-store";

/** What the lab host reads: RUNNER_LABS, LABS_DIR, LAB_SEED_DISKS, and where data and Dockyard's engine live. */
export const labSettings = settingsReader({
  ...LAB_SETTINGS,
  DATA_DIR: FILES_SETTINGS.DATA_DIR,
  DOCKYARD_ENGINE_HOME: ENGINE_SETTINGS.DOCKYARD_ENGINE_HOME,
});
