import type Docker from "dockerode";

export interface DiskWatchdog {
  /** Set once a container went over the limit and was killed. */
  readonly exceeded: { bytes: number } | undefined;
  stop(): void;
}

/**
 * Neither the build API nor overlay2 on ext4 can cap how much a step writes,
 * so a RUN that fills the disk is caught by watching the writable layer of the
 * build's containers (found by their cgroup parent, which only this build uses)
 * and killing the one that grows past the limit. Checked every `everyMs`.
 */
export function watchBuildDisk(docker: Docker, cgroupParent: string, maxBytes: number, everyMs = 1000): DiskWatchdog {
  let exceeded: { bytes: number } | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    try {
      const running = await docker.listContainers({ filters: { status: ["running"] } });
      for (const summary of running) {
        if (summary.Labels?.["dockyard.managed"]) continue; // run-phase and mirror containers are not build steps
        const info = (await docker.getContainer(summary.Id).inspect({ size: true } as never)) as unknown as Docker.ContainerInspectInfo & { SizeRw?: number };
        if (info.HostConfig.CgroupParent !== cgroupParent) continue;
        if ((info.SizeRw ?? 0) > maxBytes) {
          exceeded = { bytes: info.SizeRw ?? 0 };
          await docker.getContainer(summary.Id).kill().catch(() => {});
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

/**
 * The same guard for one container of the run phase: a server that fills the
 * disk while it runs is killed once its writable layer passes `maxBytes`.
 */
export function watchContainerDisk(docker: Docker, containerId: string, maxBytes: number, onExceeded: (bytes: number) => void, everyMs = 1000): DiskWatchdog {
  let exceeded: { bytes: number } | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const info = (await docker.getContainer(containerId).inspect({ size: true } as never)) as unknown as { SizeRw?: number; State: { Running: boolean } };
      if (info.State.Running && (info.SizeRw ?? 0) > maxBytes && !exceeded) {
        exceeded = { bytes: info.SizeRw ?? 0 };
        onExceeded(exceeded.bytes);
        await docker.getContainer(containerId).kill().catch(() => {});
      }
    } catch {
      // Gone already: the phase is over.
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
