import type Docker from "dockerode";

export interface DiskWatchdog {
  /** Set once a container went over the limit and was killed. */
  readonly exceeded: { bytes: number } | undefined;
  stop(): void;
}

type SizedInfo = Docker.ContainerInspectInfo & { SizeRw?: number };

/**
 * Neither the build API nor overlay2 on ext4 can cap how much a container
 * writes, so a watchdog reads the writable-layer size of the containers
 * `candidates` names every `everyMs` and kills the first that passes
 * `maxBytes`. One mechanism for build steps and for the run phase.
 */
function watchDisk(docker: Docker, candidates: () => Promise<string[]>, accept: (info: SizedInfo) => boolean, maxBytes: number, everyMs: number, onExceeded?: (bytes: number) => void): DiskWatchdog {
  let exceeded: { bytes: number } | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      for (const id of await candidates()) {
        const info = (await docker.getContainer(id).inspect({ size: true } as never)) as unknown as SizedInfo;
        if (!exceeded && info.State.Running && accept(info) && (info.SizeRw ?? 0) > maxBytes) {
          exceeded = { bytes: info.SizeRw ?? 0 };
          onExceeded?.(exceeded.bytes);
          await docker.getContainer(id).kill().catch(() => {});
        }
      }
    } catch {
      // A container that finished between list and inspect is not a problem.
    } finally {
      if (!stopped) timer = setTimeout(tick, everyMs);
    }
  };
  timer = setTimeout(tick, everyMs);
  return {
    get exceeded() {
      return exceeded;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Build steps: the build's containers are the running ones under its own cgroup parent. */
export function watchBuildDisk(docker: Docker, cgroupParent: string, maxBytes: number, everyMs = 1000): DiskWatchdog {
  const running = async () =>
    (await docker.listContainers({ filters: { status: ["running"] } }))
      // Run-phase and mirror containers are labelled; build steps are not.
      .filter((c) => !c.Labels?.["dockyard.managed"])
      .map((c) => c.Id);
  return watchDisk(docker, running, (info) => info.HostConfig.CgroupParent === cgroupParent, maxBytes, everyMs);
}

/** The run phase's container. */
export function watchContainerDisk(docker: Docker, containerId: string, maxBytes: number, onExceeded: (bytes: number) => void, everyMs = 1000): DiskWatchdog {
  return watchDisk(docker, async () => [containerId], () => true, maxBytes, everyMs, onExceeded);
}
