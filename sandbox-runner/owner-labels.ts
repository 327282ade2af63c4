import { AsyncLocalStorage } from "node:async_hooks";

/** The labels on every container, image, network and volume a sandbox host creates (the reaper reads them). */
export const LABEL_SUBMISSION = "dockyard.submission";
export const LABEL_MANAGED = "dockyard.managed";
/** The runner that created the resource: once that runner is dead, any live runner's reaper may remove it. */
export const LABEL_RUNNER = "dockyard.runner";
/** Unix ms when the resource was created, so the reaper can tell stale from in-flight. */
export const LABEL_CREATED = "dockyard.created";
/**
 * The shell session a container serves (sandbox-runner/shell/). A shell's container is not a submission's: it outlives
 * the grading, and the reaper judges it by its session and runner instead.
 */
export const LABEL_SHELL = "dockyard.shell";

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
