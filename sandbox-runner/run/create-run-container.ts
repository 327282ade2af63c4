import type Docker from "dockerode";
import { gradedCgroupParent } from "../docker/build-cgroup";
import { dockerStatus, engineMessage, warnUnlessStatus } from "../docker/docker-error";
import type { RunLimits } from "../limits";
import { LABEL_CREATED, ownerLabels } from "../owner-labels";

/** Image of the probe sidecar, used only when the submission's image has no python3. */
export const SIDECAR_IMAGE = "python:3.11-slim";

export function runLabels(submissionId: string): Record<string, string> {
  return { ...ownerLabels(submissionId), [LABEL_CREATED]: String(Date.now()) };
}

/**
 * The sandbox every graded container gets: no network at all, no capabilities,
 * no privilege gain through setuid, bounded memory (no swap), CPU and
 * processes, nothing mounted from the host.
 */
export function hardenedHostConfig(limits: Pick<RunLimits, "memoryBytes" | "cpus" | "pids">): Docker.HostConfig {
  return {
    NetworkMode: "none",
    CapDrop: ["ALL"],
    SecurityOpt: ["no-new-privileges"],
    Privileged: false,
    Memory: limits.memoryBytes,
    MemorySwap: limits.memoryBytes,
    NanoCpus: Math.round(limits.cpus * 1e9),
    PidsLimit: limits.pids,
    Binds: [],
    AutoRemove: false,
  };
}

/** The learner's container, created but not started; a read-only root still gets a writable /tmp. */
export async function createRunContainer(
  docker: Docker,
  opts: {
    image: string;
    submissionId: string;
    readOnlyRootfs: boolean;
    limits: RunLimits;
    /** /dev/shm's size; undefined: Docker's 64 MB. */
    shmBytes?: number;
    /** Paths that get a fresh anonymous volume each, removed with the container. */
    volumes?: string[];
  },
): Promise<Docker.Container> {
  // Its timing is judged (health deadlines, the HEALTHCHECK's timeout): a reserved CPU share on a busy machine.
  const cgroupParent = await gradedCgroupParent();
  return docker.createContainer({
    Image: opts.image,
    Labels: runLabels(opts.submissionId),
    HostConfig: {
      ...hardenedHostConfig(opts.limits),
      ...(cgroupParent ? { CgroupParent: cgroupParent } : {}),
      ReadonlyRootfs: opts.readOnlyRootfs,
      ...(opts.readOnlyRootfs ? { Tmpfs: { "/tmp": "rw,nosuid,nodev,size=64m" } } : {}),
      ...(opts.shmBytes === undefined ? {} : { ShmSize: opts.shmBytes }),
      // An empty Source makes an anonymous volume: it goes with the container (removed with v: true).
      ...(opts.volumes?.length
        ? { Mounts: opts.volumes.map((Target) => ({ Type: "volume" as const, Source: "", Target })) }
        : {}),
    },
  });
}

/**
 * A small python container inside the target's network and process namespaces:
 * it reaches the target's loopback and sees its PID 1, for images that have no
 * python3 (or cat) of their own. Same sandbox, tighter resources, nobody user.
 */
export async function startProbeSidecar(
  docker: Docker,
  targetId: string,
  submissionId: string,
): Promise<Docker.Container> {
  const sidecar = await docker.createContainer({
    Image: SIDECAR_IMAGE,
    Cmd: ["python3", "-c", "import time\nwhile True: time.sleep(3600)"],
    User: "65534:65534",
    Labels: runLabels(submissionId),
    HostConfig: {
      ...hardenedHostConfig({ memoryBytes: 128 * 1024 * 1024, cpus: 0.5, pids: 32 }),
      NetworkMode: `container:${targetId}`,
      PidMode: `container:${targetId}`,
      ReadonlyRootfs: true,
    },
  });
  try {
    await sidecar.start();
  } catch (err) {
    // The start error is the one to report; a sidecar left behind has the submission's label and goes with it.
    await sidecar.remove({ force: true }).catch(warnUnlessStatus("removing a probe sidecar that did not start", 404));
    throw err;
  }
  return sidecar;
}

/** Starts the container; a command the engine cannot start is the learner's error, returned as text. */
export async function startContainer(container: Docker.Container): Promise<string | undefined> {
  try {
    await container.start();
    return undefined;
  } catch (err) {
    const status = dockerStatus(err);
    if (status === 400 || status === 500) {
      return engineMessage(err) ?? (err as { message?: string }).message ?? "the container could not start";
    }
    throw err;
  }
}
