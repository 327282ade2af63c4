import { stat, statfs } from "node:fs/promises";
import type Docker from "dockerode";
import { ifErrno, JOB_EXPIRE_SECONDS, SHELL_LIMITS } from "./core/lib";
import { listBuildCgroups, removeTree } from "./docker/build-cgroup";
import { dockerStatus } from "./docker/docker-error";
import type { KeptImageRules } from "./kept-images";
import { LABEL_CREATED, LABEL_RUNNER, LABEL_SHELL, LABEL_SUBMISSION } from "./owner-labels";

/** Nothing a job created can legitimately outlive the job's own expiry. */
export const MAX_RESOURCE_AGE_MS = (JOB_EXPIRE_SECONDS + 60) * 1000;

/** No shell lives longer than SHELL_LIMITS.totalSeconds; its container goes a little after that at the latest. */
export const MAX_SHELL_AGE_MS = (SHELL_LIMITS.totalSeconds + 5 * 60) * 1000;

export interface ReapOptions {
  /**
   * True while some live runner is still grading this submission (the grading host's rule). Without it, a
   * submission's resources go only once their runner is dead or they are older than any job; without it and
   * keptImages, they stay.
   */
  isInFlight?: (submissionId: string) => Promise<boolean>;
  /**
   * True when the runner that created a resource (its dockyard.runner label) is dead. Its resources go even while
   * their submission is in flight again on another runner: the retry made its own.
   */
  isRunnerDead?: (runnerId: string) => Promise<boolean>;
  now?: number;
  /** Below this fraction of free space on the engine's disk, unused images go regardless of age. */
  freeDiskWatermark?: number;
  dockerRoot?: string;
  /** Only consider these submissions (an engine shared with other tools or tests), and no shells unless shellScope. */
  scope?: (submissionId: string) => boolean;
  /**
   * Images kept for shells on this engine (sandbox-runner/kept-images.ts). A kept image stays while its keep
   * lasts or a live shell uses it, whatever its age or its runner; once released it goes with its record.
   */
  keptImages?: KeptImageRules;
  /**
   * Whether a shell's session still wants its container (label dockyard.shell). Without it, shell containers are
   * judged by their runner and age only.
   */
  isShellLive?: (sessionId: string) => Promise<boolean>;
  /** Only consider these shell sessions (an engine shared with other tests). */
  shellScope?: (sessionId: string) => boolean;
  log?: (line: string) => void;
}

/** What a host tells the reaper about the resources it makes (merged by the runner, ../runner.ts). */
export type ReapRules = Pick<ReapOptions, "isInFlight" | "keptImages" | "isShellLive">;

export interface ReapReport {
  containers: number;
  /** Containers of shells that closed, whose runner died, or older than any shell. */
  shells: number;
  images: number;
  networks: number;
  volumes: number;
  cgroups: number;
  prunedBytes: number;
}

/**
 * Removes what graded submissions left behind: labelled containers, images,
 * networks and volumes made by a runner that is dead, or whose submission is no
 * longer being graded by a live runner (the runner finished, crashed or was
 * killed mid-job), or that are older than any job can be; empty pids cgroups;
 * and untagged step images of old builds. Below the disk watermark it also
 * prunes every unused untagged image. Images kept for shells stay while kept or in use, and shells' containers go
 * once their session closed, their runner died or they outlived any shell.
 */
export async function reap(docker: Docker, opts: ReapOptions): Promise<ReapReport> {
  const now = opts.now ?? Date.now();
  const report: ReapReport = {
    containers: 0,
    shells: 0,
    images: 0,
    networks: 0,
    volumes: 0,
    cgroups: 0,
    prunedBytes: 0,
  };
  const filters = { label: [LABEL_SUBMISSION] };
  const verdicts = new Map<string, Promise<boolean>>();
  const once = (key: string, ask: () => Promise<boolean>): Promise<boolean> => {
    if (!verdicts.has(key)) verdicts.set(key, ask());
    return verdicts.get(key)!;
  };
  const runnerDead = async (labels: Record<string, string> | undefined): Promise<boolean> => {
    const runner = labels?.[LABEL_RUNNER];
    const isRunnerDead = opts.isRunnerDead;
    return !!runner && !!isRunnerDead && (await once(`runner:${runner}`, () => isRunnerDead(runner)));
  };
  const stale = async (labels: Record<string, string> | undefined, createdMs: number): Promise<boolean> => {
    const id = labels?.[LABEL_SUBMISSION];
    if (!id || (opts.scope && !opts.scope(id))) return false;
    // A runner with neither grading nor shells (labs only) cannot tell an image kept for shells, which outlives any
    // job, from a leftover: what graded submissions left is the reaping of the runners that grade on this engine.
    if (!opts.isInFlight && !opts.keptImages) return false;
    if (now - createdMs > MAX_RESOURCE_AGE_MS) return true;
    if (await runnerDead(labels)) return true;
    const isInFlight = opts.isInFlight;
    return !!isInFlight && once(`submission:${id}`, () => isInFlight(id).then((live) => !live));
  };
  // A container inherits its image's labels, so a shell's container carries the submission label too (emptied by
  // the shell host): shells are judged by their own rule below, never by their submission's.
  const staleShell = async (labels: Record<string, string>, createdMs: number): Promise<boolean> => {
    const sessionId = labels[LABEL_SHELL]!;
    if (opts.shellScope ? !opts.shellScope(sessionId) : opts.scope) return false;
    if (now - createdMs > MAX_SHELL_AGE_MS) return true;
    if (await runnerDead(labels)) return true;
    return opts.isShellLive ? !(await opts.isShellLive(sessionId)) : false;
  };

  // The verdict for this very image (the kept tag), not for another build of the same submission.
  const keptImage = async (submissionId: string, tags: string[]): Promise<"keep" | "release" | undefined> => {
    const keep = await opts.keptImages?.imageKeep(submissionId);
    return keep && tags.some((t) => t === keep.tag || t === `${keep.tag}:latest`) ? keep.verdict : undefined;
  };

  for (const c of await docker.listContainers({ all: true, filters: { label: [LABEL_SHELL] } })) {
    if (await staleShell(c.Labels, c.Created * 1000))
      report.shells += await count(docker.getContainer(c.Id).remove({ force: true, v: true }));
  }
  for (const c of await docker.listContainers({ all: true, filters })) {
    if (c.Labels[LABEL_SHELL] === undefined && (await stale(c.Labels, c.Created * 1000)))
      report.containers += await count(docker.getContainer(c.Id).remove({ force: true, v: true }));
  }
  for (const image of await docker.listImages({ all: true, filters })) {
    const id = image.Labels?.[LABEL_SUBMISSION];
    const keep = id && (!opts.scope || opts.scope(id)) ? await keptImage(id, image.RepoTags ?? []) : undefined;
    if (keep === "keep") continue;
    if (keep === "release" || (await stale(image.Labels ?? undefined, builtAt(image)))) {
      const removed = await count(docker.getImage(image.Id).remove({ force: true }));
      report.images += removed;
      if (keep === "release" && removed) await opts.keptImages!.released(id!);
    }
  }
  for (const n of await docker.listNetworks({ filters })) {
    if (await stale(n.Labels, Date.parse(n.Created ?? "")))
      report.networks += await count(docker.getNetwork(n.Id).remove());
  }
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) {
    const created = Date.parse((v as { CreatedAt?: string }).CreatedAt ?? "") || 0;
    if (await stale(v.Labels, created)) report.volumes += await count(docker.getVolume(v.Name).remove({ force: true }));
  }
  report.cgroups = await removeEmptyCgroups(now);

  const root =
    opts.dockerRoot ?? ((await docker.info()) as { DockerRootDir?: string }).DockerRootDir ?? "/var/lib/docker";
  // ENOENT: the engine's root is not visible from here (another machine or mount namespace); age alone decides then.
  const free = await freeFraction(root).catch(ifErrno(["ENOENT"], undefined));
  const lowDisk = free !== undefined && free < (opts.freeDiskWatermark ?? 0.15);
  if (lowDisk) {
    opts.log?.("engine disk below its free-space watermark: pruning every unused untagged image and BuildKit's cache");
    const cache = await docker.pruneBuilder();
    report.prunedBytes += cache.SpaceReclaimed ?? 0;
  }
  // "until" keeps the step images of builds still in progress (a build is far shorter than a job).
  const pruned = await docker.pruneImages({
    filters: { dangling: ["true"], ...(lowDisk ? {} : { until: [`${Math.round(MAX_RESOURCE_AGE_MS / 1000)}s`] }) },
  });
  report.prunedBytes += pruned.SpaceReclaimed ?? 0;
  return report;
}

/** When the image was built: its dockyard.created label (builds since it was added), else the engine's date. */
function builtAt(image: Docker.ImageInfo): number {
  return Number(image.Labels?.[LABEL_CREATED]) || image.Created * 1000;
}

async function count(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 1;
  } catch (err) {
    const status = dockerStatus(err);
    // 404 gone already, 409 in use by another image, 403 a network with containers still attached.
    if (status === 404 || status === 409 || status === 403) return 0;
    throw err;
  }
}

/** A build's cgroup is empty between its steps too, so only one older than any build may go. */
const BUILD_CGROUP_MIN_AGE_MS = 15 * 60 * 1000;

async function removeEmptyCgroups(now: number): Promise<number> {
  let removed = 0;
  for (const dir of await listBuildCgroups()) {
    // Gone meanwhile: counted as new, so it is left alone.
    const created = await stat(dir).then((s) => s.birthtimeMs || s.ctimeMs, ifErrno(["ENOENT"], now));
    if (now - created < BUILD_CGROUP_MIN_AGE_MS) continue;
    // rmdir refuses a cgroup that still has processes: only finished builds' cgroups go.
    await removeTree(dir, 1).then(() => removed++, ifErrno(["EBUSY", "ENOTEMPTY"], undefined));
  }
  return removed;
}

async function freeFraction(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail / s.blocks;
}
