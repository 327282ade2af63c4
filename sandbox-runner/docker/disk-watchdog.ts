import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { ifErrno, isErrno } from "../core/lib";
import type { BuildCgroup } from "./build-cgroup";
import { ignoreStatus, isNotFound } from "./docker-error";

/** What finished between two reads: a step's process (its /proc entry, its files) or the container. */
const vanished = (err: unknown) => isErrno(err, "ENOENT", "ESRCH") || isNotFound(err);

export interface DiskWatchdog {
  /** Set once the watched writer went over the limit and was killed. */
  readonly exceeded: { bytes: number } | undefined;
  stop(): void;
}

type SizedInfo = Docker.ContainerInspectInfo & { SizeRw?: number };

/**
 * Polls `measure` every `everyMs` until stopped; the first time it reports
 * more than `maxBytes`, records that and calls `stopWriter` once. One loop for
 * the build's steps and the run phase's container.
 */
function watch(
  measure: () => Promise<number | undefined>,
  maxBytes: number,
  stopWriter: (bytes: number) => Promise<void>,
  everyMs: number,
): DiskWatchdog {
  let exceeded: { bytes: number } | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  const tick = async () => {
    try {
      const bytes = await measure();
      if (!exceeded && bytes !== undefined && bytes > maxBytes) {
        exceeded = { bytes };
        await stopWriter(bytes);
      }
    } catch (err) {
      // Vanished is not a problem. Anything else leaves the limit unenforced: said once, not every tick.
      if (!vanished(err) && !warned) {
        warned = true;
        console.warn("[disk-watchdog] measuring failed; the disk limit is not enforced while this lasts:", err);
      }
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
 * overlay2 on ext4 cannot cap how much a container writes, so the run phase's
 * container is killed once its writable layer passes `maxBytes`.
 */
export function watchContainerDisk(
  docker: Docker,
  containerId: string,
  maxBytes: number,
  onExceeded: (bytes: number) => void,
  everyMs = 1000,
): DiskWatchdog {
  const container = docker.getContainer(containerId);
  const measure = async () => {
    const info = (await container.inspect({ size: true } as never)) as unknown as SizedInfo;
    return info.State.Running ? (info.SizeRw ?? 0) : undefined;
  };
  return watch(
    measure,
    maxBytes,
    async (bytes) => {
      onExceeded(bytes);
      // 404/409: it exited or was removed meanwhile, which is what the kill was for.
      await ignoreStatus(container.kill(), 404, 409);
    },
    everyMs,
  );
}

/**
 * BuildKit's RUN steps are not Docker containers, so the build watchdog finds
 * them through the build's cgroup: for every process in it, the writable
 * layer of its root file system (the overlay upperdir) and any other
 * read-write mount of a real file system (a `--mount=type=cache`), measured on
 * disk. A build whose running steps have written more than `maxBytes` has all
 * its processes killed, so the step fails and the learner is told why.
 */
export function watchBuildDisk(
  cgroup: Pick<BuildCgroup, "pids" | "killAll">,
  maxBytes: number,
  everyMs = 1000,
): DiskWatchdog {
  const measure = async () => {
    const dirs = new Set<string>();
    for (const pid of await cgroup.pids()) for (const dir of await writableDirs(pid)) dirs.add(dir);
    let bytes = 0;
    for (const dir of dirs) bytes += await diskUsage(dir, maxBytes - bytes);
    return bytes;
  };
  return watch(measure, maxBytes, () => cgroup.killAll(), everyMs);
}

const VIRTUAL_FS = new Set([
  "proc",
  "sysfs",
  "tmpfs",
  "devpts",
  "mqueue",
  "cgroup",
  "cgroup2",
  "devtmpfs",
  "overlay",
  "securityfs",
  "debugfs",
]);

/**
 * A process that exits while its /proc entry is read: gone (ENOENT, ESRCH), or a zombie whose mount table is no
 * longer there (EINVAL). One such process among many (a fork bomb) must not stop the others being measured.
 */
const EXITED_PROCESS = ["ENOENT", "ESRCH", "EINVAL"];

/** What a step process can write to on disk, as host paths; nothing for a process that has just exited. */
async function writableDirs(pid: number): Promise<string[]> {
  const mountinfo = await readFile(`/proc/${pid}/mountinfo`, "utf8").catch(ifErrno(EXITED_PROCESS, ""));
  hostRoot ??= rootMount(await readFile("/proc/self/mountinfo", "utf8"))?.tail ?? "";
  return stepWritableDirs(pid, mountinfo, hostRoot);
}

/** This process's own root file system, as its mount table describes it (type, source, options). */
let hostRoot: string | undefined;

function rootMount(mountinfo: string): { tail: string; fstype: string; superOptions: string } | undefined {
  for (const line of mountinfo.split("\n")) {
    const [head, tail] = line.split(" - ");
    if (head?.split(" ")[4] !== "/" || !tail) continue;
    const [fstype = "", , superOptions = ""] = tail.split(" ");
    return { tail, fstype, superOptions };
  }
  return undefined;
}

/**
 * From a step process's mount table: its overlay root's upper directory and every other read-write mount of a real
 * file system. Nothing while its root is the host's (`hostRoot`) or no overlay at all: that is runc's init before it
 * enters the step's root, in the build's cgroup already but still seeing the host's mounts (a busy host keeps it
 * there for seconds). Measured, the host's own disk would pass for what the learner's step wrote.
 */
export function stepWritableDirs(pid: number, mountinfo: string, hostRoot: string): string[] {
  const root = rootMount(mountinfo);
  if (root?.fstype !== "overlay" || root.tail === hostRoot) return [];
  const dirs: string[] = [];
  const upper = /(?:^|,)upperdir=([^,]+)/.exec(root.superOptions)?.[1];
  if (upper) dirs.push(upper);
  for (const line of mountinfo.split("\n")) {
    const [head, tail] = line.split(" - ");
    if (!head || !tail) continue;
    const fields = head.split(" ");
    const fstype = tail.split(" ")[0];
    const mountPoint = fields[4]!;
    const options = fields[5] ?? "";
    if (mountPoint !== "/" && options.split(",").includes("rw") && fstype && !VIRTUAL_FS.has(fstype))
      dirs.push(`/proc/${pid}/root${mountPoint.replace(/\\040/g, " ")}`);
  }
  return dirs;
}

/** A step deletes files while they are counted: gone, or a folder replaced by a file. */
const GONE_FILE = ["ENOENT", "ENOTDIR"];

/** Bytes allocated below `dir`, not following links; stops counting past `stopAbove`. */
async function diskUsage(dir: string, stopAbove: number): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length && total <= stopAbove) {
    const current = stack.pop()!;
    const info = await lstat(current).catch(ifErrno(GONE_FILE, undefined));
    if (!info) continue;
    total += info.blocks * 512;
    if (info.isDirectory()) {
      const entries = await readdir(current).catch(ifErrno(GONE_FILE, [] as string[]));
      for (const entry of entries) stack.push(path.join(current, entry));
    }
  }
  return total;
}
