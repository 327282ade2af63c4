import { AsyncLocalStorage } from "node:async_hooks";
import { LABEL_MANAGED, LABEL_RUNNER, LABEL_SUBMISSION } from "./limits";

/**
 * The runner grading the job in hand. Carried by the async context rather than through every phase's arguments:
 * the pipeline also grades from the command line, where no runner exists, and which runner made a resource
 * matters only to the reaper.
 */
const currentRunner = new AsyncLocalStorage<string>();

/** Runs one job so that every resource it creates carries `runnerId`. */
export function asRunner<T>(runnerId: string, job: () => Promise<T>): Promise<T> {
  return currentRunner.run(runnerId, job);
}

/** Labels of every container, image, network and volume a submission's grading creates. */
export function ownerLabels(submissionId: string): Record<string, string> {
  const runnerId = currentRunner.getStore();
  return {
    [LABEL_SUBMISSION]: submissionId,
    [LABEL_MANAGED]: "true",
    ...(runnerId === undefined ? {} : { [LABEL_RUNNER]: runnerId }),
  };
}
