import path from "node:path";
import type Docker from "dockerode";
import { engineClient } from "../sandbox-runner/docker/engine";
import { type InputKey, inputKeys, REPO_ROOT } from "../sandbox-runner/remembered/input-key";

/**
 * What a Docker test runs or reads beyond its imports and the runner's resources: the engine's start and stop
 * scripts and the deployment files. (npm start's and npm test's own scripts are not among them, nor test support,
 * whose modules a test uses through its imports.)
 */
const RESOURCES = ["scripts/ensure-docker.sh", "scripts/stop-docker.sh", "deploy"];
/** Modules every Docker test runs besides its own: vitest's set-up. */
const ALSO_RUN = ["vitest.config.ts", "vitest.global-setup.ts"];

/** `docker-test:sandbox-runner/reaper.docker.test.ts`: a test file as its key and record name it. */
export function dockerTestName(file: string, root = REPO_ROOT): string {
  return `docker-test:${path.relative(root, file)}`;
}

/**
 * The key of each Docker test file (sandbox-runner/remembered/input-key.ts): its import graph with the graph of any
 * process it starts (the runner, for a test of a runner fleet) and vitest's set-up, the runner's files, the engine
 * scripts and deployment files a test runs, the course data and migrations its code reads, the lock file, Node, the
 * engine and the seeded images. A page, a lesson or a doc is none of them.
 */
export function dockerTestKeys(
  files: string[],
  root = REPO_ROOT,
  docker: Docker = engineClient(),
): Promise<InputKey[]> {
  return inputKeys(
    files.map((file) => ({ subject: dockerTestName(file, root), entries: [file, ...ALSO_RUN], resources: RESOURCES })),
    root,
    docker,
  );
}
