import type Docker from "dockerode";
import { ignoreNotFound } from "../../docker/docker-error";
import { PlatformFault } from "../../grading/lib";
import { timedOutOnly } from "../../run/healthcheck-outcome";
import type { HostLoad } from "../../run/host-busy";

/** How often an undecided container's health is read again while a busy host is waited for. */
const POLL_MS = 1000;

export interface BusyHostWait {
  docker: Docker;
  /** Lists the containers whose health matters (the whole project's, or one service's replicas). */
  containers: () => Promise<Docker.ContainerInfo[]>;
  /** The latest absolute time the wait may reach. */
  untilMs: number;
  hostLoad: () => Promise<HostLoad>;
  log: (text: string) => void;
  pollMs?: number;
}

/**
 * After an `up --wait` that failed: whether a busy host, not the learner's stack, may be why, and if so what waiting
 * for it showed. A container still `starting` when the wait ran out, or `unhealthy` from nothing but runs that
 * outlived the learner's `--timeout`, is what a starved host makes of a healthy app (the run phase judges its
 * HEALTHCHECK the same way: healthcheck-outcome.ts). While the host is busy such containers are undecided, and get
 * until `untilMs` to decide: true when every one turned healthy, exited or failed a check on its own (so an `up`
 * again gives the learner's real verdict). One still undecided at the end of a busy wait is no verdict at all: a
 * PlatformFault, so the grading is a platform error that costs the learner nothing. False when nothing undecided
 * was found or the host is idle: the failure is the learner's, as it stands.
 */
export async function waitOutBusyHost(wait: BusyHostWait): Promise<boolean> {
  let pending = await undecided(wait);
  if (pending.length === 0) return false;
  let load = await wait.hostLoad();
  if (!load.busy) return false;
  wait.log(`stack: ${pending.join(", ")} not healthy yet while ${load.detail}: waiting for them\n`);
  while (Date.now() < wait.untilMs) {
    await new Promise((r) => setTimeout(r, Math.min(wait.pollMs ?? POLL_MS, Math.max(0, wait.untilMs - Date.now()))));
    pending = await undecided(wait);
    if (pending.length === 0) return true;
  }
  load = await wait.hostLoad();
  // The host calmed down and the containers still have not decided: that is the stack's own slowness.
  if (!load.busy) return true;
  throw new PlatformFault(
    "docker",
    `The grading machine was too busy to judge the stack's health: ${pending.join(", ")} had not reported healthy ` +
      `by the end of the wait while ${load.detail}. Only their health checks' timing was in question, so nothing ` +
      "is held against the learner.",
  );
}

/** The names of the running containers whose health a busy host leaves open. */
async function undecided({ docker, containers }: BusyHostWait): Promise<string[]> {
  const names: string[] = [];
  for (const c of await containers()) {
    const info = await ignoreNotFound(docker.getContainer(c.Id).inspect());
    const health = info?.State.Health;
    if (!info?.State.Running || !health) continue;
    if (health.Status === "starting" || (health.Status === "unhealthy" && timedOutOnly(health)))
      names.push(info.Name.replace(/^\//, ""));
  }
  return names;
}
