import { type Dirent, existsSync, readdirSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ifErrno, isErrno, PlatformFault } from "../core/lib";

const CGROUP_ROOT = "/sys/fs/cgroup";
const PARENT = "dockyard";
/** cgroup v1 hierarchies whose limits we set; runc creates the build's children in every other one itself. */
const V1_CONTROLLERS = ["pids", "memory", "cpu"] as const;
const CPU_PERIOD_US = 100_000;

export interface BuildLimits {
  pids: number;
  memoryBytes: number;
  cpus: number;
}

export interface BuildCgroup {
  /** `--cgroup-parent` of the build: BuildKit creates every RUN step's container below it. */
  parent: string;
  /** Processes in the build's step containers right now. */
  pids(): Promise<number[]>;
  /** Whether a fork was refused at pids.max, or the build's memory reached its limit. */
  hitLimit(): Promise<{ pids: boolean; memory: boolean }>;
  /** SIGKILLs every process of the build's steps (time or disk limit reached). */
  killAll(): Promise<void>;
  /** Removes the cgroup (and the children BuildKit left) from every hierarchy. */
  remove(): Promise<void>;
  /** The cgroup.procs file of each limited hierarchy: a process written into all of them, and its children, obey. */
  procsFiles: string[];
  /**
   * Its CPU weight against its siblings, on cgroup v2's scale (1–10000, 100 the default; v1's cpu.shares is 10.24
   * times it). A weight only matters while the CPU is contended: idle, any weight gets what it asks for.
   */
  setCpuWeight(weight: number): Promise<void>;
}

const isV2 = () => !existsSync(path.join(CGROUP_ROOT, "pids"));

/**
 * A step's cgroup goes when BuildKit removes the step: between listing and reading, its files vanish (ENOENT) or
 * stop answering (ENODEV). Either means "no longer there", never a fault.
 */
const GONE = ["ENOENT", "ENODEV"];

/**
 * BuildKit's RUN steps get no per-build limits from the CLI, so every build
 * runs below a cgroup parent of its own whose pids.max, memory limit and CPU
 * quota cap the whole build: a fork bomb, a memory hog or a busy loop in one
 * learner's RUN cannot starve the host or other builds. Needs the runner on
 * the machine of its engine, as root (runners are deployed that way).
 */
export async function createBuildCgroup(
  name: string,
  limits: BuildLimits,
  options: { parent?: string; adopt?: boolean } = {},
): Promise<BuildCgroup> {
  const parent = options.parent ?? PARENT;
  const safe = name.replace(/[^a-zA-Z0-9_-]/g, "_");
  const relative = path.join(parent, safe);
  const v2 = isV2();
  const dirs = v2
    ? { unified: path.join(CGROUP_ROOT, relative) }
    : Object.fromEntries(V1_CONTROLLERS.map((c) => [c, path.join(CGROUP_ROOT, c, relative)]));
  // adopt: a cgroup a dead process left, handled for killing and removal only; its limits stay as they are.
  if (!options.adopt)
    try {
      if (v2) {
        await enableV2Controllers(parent);
        const dir = dirs.unified!;
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, "pids.max"), String(limits.pids));
        await writeFile(path.join(dir, "memory.max"), String(limits.memoryBytes));
        // Absent where the kernel does not account swap; the memory limit alone still holds.
        await writeFile(path.join(dir, "memory.swap.max"), "0").catch(ifErrno(["ENOENT"], undefined));
        await writeFile(path.join(dir, "cpu.max"), `${Math.round(limits.cpus * CPU_PERIOD_US)} ${CPU_PERIOD_US}`);
      } else {
        for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
        await writeFile(path.join(dirs.pids!, "pids.max"), String(limits.pids));
        await writeFile(path.join(dirs.memory!, "memory.limit_in_bytes"), String(limits.memoryBytes));
        // No swap beyond the memory limit, where the kernel accounts swap at all.
        const memsw = path.join(dirs.memory!, "memory.memsw.limit_in_bytes");
        await writeFile(memsw, String(limits.memoryBytes)).catch(ifErrno(["ENOENT"], undefined));
        await writeFile(path.join(dirs.cpu!, "cpu.cfs_period_us"), String(CPU_PERIOD_US));
        await writeFile(path.join(dirs.cpu!, "cpu.cfs_quota_us"), String(Math.round(limits.cpus * CPU_PERIOD_US)));
      }
      // Siblings stay unlisted: the parent is traversable, not readable, by others. A lab sees the host's cgroup file
      // system read-only, and a listing would name every other lab and every submission being built.
      for (const dir of Object.values(dirs)) await chmod(path.dirname(dir), 0o711);
    } catch (err) {
      throw new PlatformFault(
        "runner",
        `The runner cannot create the cgroup that limits a build (${relative}: ${(err as Error).message}). ` +
          "Run the runner as root on the machine of its Docker engine.",
        { cause: err },
      );
    }
  const pidsDir = v2 ? dirs.unified! : dirs.pids!;
  const memoryDir = v2 ? dirs.unified! : dirs.memory!;
  const pids = async () => [...new Set(await collectPids(pidsDir))];
  return {
    parent: `/${relative}`,
    pids,
    hitLimit: async () => ({
      // Refused forks are counted in the step's own cgroup, gone with the step; the parent's peak remains.
      pids:
        (await readNumber(pidsDir, "pids.peak")) >= limits.pids ||
        (await counter(path.join(pidsDir, "pids.events"), "max")) > 0,
      // The OOM kill happens in a step's own cgroup, which BuildKit removes with the step; the parent's own
      // counters remain: v2's memory.events counts the subtree's kills; v1 records the peak usage, which
      // reaches the limit when the kernel had to kill.
      memory: v2
        ? (await counter(path.join(memoryDir, "memory.events"), "oom_kill")) > 0
        : (await readNumber(memoryDir, "memory.max_usage_in_bytes")) >= limits.memoryBytes,
    }),
    killAll: async () => {
      for (const pid of await pids()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch (err) {
          // ESRCH: it exited on its own meanwhile.
          if (!isErrno(err, "ESRCH")) throw err;
        }
      }
    },
    remove: () => removeBuildCgroup(safe, parent),
    procsFiles: Object.values(dirs).map((dir) => path.join(dir, "cgroup.procs")),
    setCpuWeight: (weight) =>
      v2
        ? writeFile(path.join(dirs.unified!, "cpu.weight"), String(weight))
        : writeFile(path.join(dirs.cpu!, "cpu.shares"), String(Math.round(weight * 10.24))),
  };
}

/** cgroup v2 only hands a controller to children listed in the parent's subtree_control. */
/** Where graded run containers go (`CgroupParent`): a top-level cgroup of its own, beside builds and labs. */
export const GRADED_CGROUP = "dockyard-graded";
/**
 * Its CPU weight against its siblings (builds, labs, the engine's other containers, every other process): eight
 * times the default (cgroup v2 cpu.weight 100, v1 cpu.shares 1024). When the machine is contended, a container whose
 * timing is being judged (health deadlines, a HEALTHCHECK's timeout) gets most of it; idle, it changes nothing.
 */
const GRADED_WEIGHT = { v2: 800, v1Shares: 8192 };

let graded: Promise<string | undefined> | undefined;

/**
 * Makes the graded cgroup with its CPU weight, once per process, and answers the `CgroupParent` to give a graded
 * container; undefined where this process may not (not root, no cgroup filesystem), which costs the reservation only.
 */
export function gradedCgroupParent(): Promise<string | undefined> {
  graded ??= (async () => {
    try {
      if (isV2()) {
        await enableV2Controllers(GRADED_CGROUP);
        await writeFile(path.join(CGROUP_ROOT, GRADED_CGROUP, "cpu.weight"), String(GRADED_WEIGHT.v2));
      } else {
        const dir = path.join(CGROUP_ROOT, "cpu", GRADED_CGROUP);
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, "cpu.shares"), String(GRADED_WEIGHT.v1Shares));
      }
      return `/${GRADED_CGROUP}`;
    } catch (err) {
      console.warn(`[run] graded containers get no reserved CPU share (${(err as Error).message})`);
      return undefined;
    }
  })();
  return graded;
}

async function enableV2Controllers(parent: string): Promise<void> {
  const own = path.join(CGROUP_ROOT, parent);
  await mkdir(own, { recursive: true });
  for (const dir of [CGROUP_ROOT, own]) {
    const control = path.join(dir, "cgroup.subtree_control");
    const enabled = await readFile(control, "utf8");
    const missing = ["pids", "memory", "cpu"].filter((c) => !enabled.split(/\s+/).includes(c));
    if (missing.length) await writeFile(control, missing.map((c) => `+${c}`).join(" "));
  }
}

async function collectPids(dir: string): Promise<number[]> {
  const found: number[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, ...GONE)) return found;
    throw err;
  }
  const procs = await readFile(path.join(dir, "cgroup.procs"), "utf8").catch(ifErrno(GONE, ""));
  for (const line of procs.split("\n")) if (line.trim()) found.push(Number(line));
  for (const entry of entries) if (entry.isDirectory()) found.push(...(await collectPids(path.join(dir, entry.name))));
  return found;
}

/** 0 when the file is absent: older kernels have no pids.peak. */
async function readNumber(dir: string, file: string): Promise<number> {
  return Number((await readFile(path.join(dir, file), "utf8").catch(ifErrno(["ENOENT"], "0"))).trim()) || 0;
}

/** Reads `name <count>` from a cgroup event file; 0 when the file or line is absent. */
async function counter(file: string, name: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(ifErrno(["ENOENT"], ""));
  const match = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

/** Every hierarchy's copy of one build's cgroup: runc creates it in all of them. */
function hierarchyDirs(safe: string, parent: string): string[] {
  if (isV2()) return [path.join(CGROUP_ROOT, parent, safe)];
  let roots: string[] = [];
  try {
    roots = readdirSync(CGROUP_ROOT);
  } catch (err) {
    // No cgroup file system mounted: there is nothing to remove.
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  return roots.map((r) => path.join(CGROUP_ROOT, r, parent, safe)).filter((d) => existsSync(d));
}

async function removeBuildCgroup(safe: string, parent: string, attempts = 20): Promise<void> {
  for (const dir of hierarchyDirs(safe, parent)) await removeTree(dir, attempts);
}

/** rmdir depth-first; the engine removes its step cgroups with the steps, so retry briefly while it does. */
export async function removeTree(dir: string, attempts = 20): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(ifErrno(GONE, []));
  for (const entry of entries) if (entry.isDirectory()) await removeTree(path.join(dir, entry.name), attempts);
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      await rmdir(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      if ((code !== "EBUSY" && code !== "ENOTEMPTY") || attempt === attempts - 1) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Build cgroups left by a runner that died mid-build, in every hierarchy; the reaper removes the empty ones. */
export async function listBuildCgroups(): Promise<string[]> {
  const parents = isV2()
    ? [path.join(CGROUP_ROOT, PARENT)]
    : (await readdir(CGROUP_ROOT).catch(ifErrno(["ENOENT"], [] as string[]))).map((r) =>
        path.join(CGROUP_ROOT, r, PARENT),
      );
  const found: string[] = [];
  for (const parent of parents) {
    // No parent yet in a hierarchy where no build has run.
    const entries = await readdir(parent, { withFileTypes: true }).catch(ifErrno(["ENOENT"], []));
    for (const e of entries) if (e.isDirectory()) found.push(path.join(parent, e.name));
  }
  return found;
}
