import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../lib/errors/app-error";

const CGROUP_ROOT = process.env.DOCKYARD_CGROUP_ROOT ?? "/sys/fs/cgroup";
const PARENT = "dockyard";

export interface PidsCgroup {
  /** Value for the build API's `cgroupparent`: the engine puts every build container under it. */
  parent: string;
  /** Removes the cgroup once the engine has removed the containers in it. */
  remove(): Promise<void>;
}

/**
 * The build API has no pids limit, so a fork bomb in RUN could exhaust the
 * host's process table (32768 pids here). Every build container is created
 * under a cgroup parent of its own whose pids.max caps the whole build.
 * This needs the runner on the same machine as its engine (DESIGN: each runner
 * has its own engine) and write access to the cgroup file system (root).
 */
export async function createPidsCgroup(name: string, maxPids: number): Promise<PidsCgroup> {
  const safe = name.replace(/[^a-zA-Z0-9_-]/g, "_");
  const v1 = path.join(CGROUP_ROOT, "pids");
  const dir = existsSync(v1) ? path.join(v1, PARENT, safe) : path.join(CGROUP_ROOT, PARENT, safe);
  try {
    if (!existsSync(v1)) await enableV2PidsController();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "pids.max"), String(maxPids));
  } catch (err) {
    throw new AppError(
      "DOCKER_UNAVAILABLE",
      `The runner cannot create the cgroup that limits build processes (${dir}: ${(err as Error).message}). ` +
        "Run the runner as root on the machine of its Docker engine.",
    );
  }
  return {
    parent: `/${PARENT}/${safe}`,
    remove: () => removeCgroup(dir),
  };
}

/** cgroup v2 only hands a controller to children listed in the parent's subtree_control. */
async function enableV2PidsController(): Promise<void> {
  const own = path.join(CGROUP_ROOT, PARENT);
  await mkdir(own, { recursive: true });
  for (const dir of [CGROUP_ROOT, own]) {
    const control = path.join(dir, "cgroup.subtree_control");
    if (!(await readFile(control, "utf8")).includes("pids")) await writeFile(control, "+pids");
  }
}

export async function removeCgroup(dir: string, attempts = 20): Promise<void> {
  // The engine removes its per-container child cgroups with the containers; retry briefly while it does.
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

/** Cgroups left by a runner that died mid-build; the reaper calls this. */
export async function listPidsCgroups(): Promise<string[]> {
  const v1 = path.join(CGROUP_ROOT, "pids", PARENT);
  const dir = existsSync(v1) ? v1 : path.join(CGROUP_ROOT, PARENT);
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
}
