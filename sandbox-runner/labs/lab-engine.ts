import { type ChildProcess, execFile, spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { type BuildCgroup, createBuildCgroup } from "../docker/build-cgroup";
import { PACKAGE_MIRROR_HOST, PACKAGE_MIRROR_PORT } from "../images/base-images";
import type { PackageMirrorRoute } from "../images/package-mirror";
import { cpuProgress, EngineStartDeadline } from "./engine-start-deadline";
import { type OwnerShift, type ShiftMark, shiftOwners } from "./kept-disks";
import type { LabAccount } from "./lab-accounts";
import { type PinnedEngineSocket, pinEngineSocket } from "./lab-engine-api";
import {
  bubblewrapArgs,
  LAB_DOCKER_SOCKET,
  LAB_HOME,
  LAB_PATH,
  type LabPaths,
  labDockerConfig,
  labEtcFiles,
  labInitArgs,
  labPaths,
} from "./lab-sandbox";
import { isErrno } from "./lib";

const run = promisify(execFile);

/** cgroup parent of every lab, apart from the builds' `dockyard/` that the reaper tidies. */
const CGROUP_PARENT = "dockyard-labs";
/** How long a sealed engine has to shut down as it would on a reboot (dockerd stops containerd and writes out). */
const SEAL_TIMEOUT_MS = 20_000;
/**
 * CPU weights of a lab's cgroup against the other labs' (v2 scale, 100 the default). An engine starting or loading
 * its images for nobody yet (the warm pool, a seal) takes what the open labs leave, so a learner's keystrokes are
 * echoed promptly while engines start beside them; the learner's own lab runs at the default. An engine a learner
 * waits for starts at half of it: the start gate (start-gate.ts) already keeps such starts few, and at a tenth, among
 * a dozen open labs on a loaded host, its containerd missed dockerd's own start-up deadline (issue 54's busy-host
 * test).
 */
export const LAB_CPU_WEIGHT = { starting: 10, learnerStarting: 50, open: 100 } as const;
/**
 * Processes kept for the learner's shells out of the lab's process limit: a fork bomb in a container fills the
 * engine's share (its containers are the engine's children) and the learner can still type `docker rm -f bomb`.
 */
export const SHELL_PIDS = 64;

/**
 * The lab's disk file holds no file system the kernel mounts: a fault of the file (a seed or kept disk cut short),
 * never of a slow host, so whoever gave it knows it is bad (lab-seeds.ts).
 */
export class LabDiskUnmountable extends Error {
  constructor(message: string) {
    super(`the lab's disk did not mount: ${message}`);
    this.name = "LabDiskUnmountable";
  }
}

export interface LabLimits {
  memoryBytes: number;
  pids: number;
  cpus: number;
  diskBytes: number;
}

export interface LabHostConfig {
  /** Where labs keep their files: `<labsDir>/<lab id>/`. */
  labsDir: string;
  /** The grading engine's install (scripts/engine/install-engine.sh): its packages run the lab's engine too. */
  engineDir: string;
  /** Where the package mirror answers; without it a lab's `pip install` finds no index (tests that need none). */
  mirror?: PackageMirrorRoute;
}

export interface LabEngine {
  id: string;
  account: LabAccount;
  paths: LabPaths;
  /**
   * The lab engine's API socket as the runner reaches it: its pinned inode (`/proc/<runner>/fd/<n>`, see
   * lab-engine-api.ts), never a path the lab can write. Valid in the runner and its root children while the lab runs.
   */
  socket: string;
  /** The pid of the lab's dockerd on the host: its namespaces are the lab's (a shell joins them). */
  enginePid: number;
  /**
   * The lab's network namespace, held open from its start (`/proc/<runner>/fd/<n>`): a probe enters it by this, so
   * a pid reused after the engine died could never lead a probe into someone else's namespace.
   */
  network: string;
  /** The whole lab's cgroup: its limits hold for the engine, its containers and the shells together. */
  cgroup: BuildCgroup;
  /** Where the learner's shells run: below the lab's cgroup, beside the engine's, with SHELL_PIDS of their own. */
  shellCgroup: BuildCgroup;
  /** Kills everything in the lab, unmounts its disk and removes its files and cgroup. */
  stop(): Promise<void>;
  /**
   * Shuts the engine down as a reboot would (its state written out), unmounts its disk whole and moves the disk's
   * file to `dest`, then removes the rest as `stop` does. An engine no learner has had becomes the start of later
   * labs (lab-seeds.ts); a learner's becomes their kept lab (kept-disks.ts).
   */
  seal(dest: string): Promise<void>;
}

export interface StartLabEngineOptions {
  /**
   * A sealed disk (lab-seeds.ts) sealed as this account: the lab's disk is a copy of it, so its engine starts with
   * what the seed holds. Without one (or `kept`) the disk is a new, empty file system.
   */
  seed?: string;
  /**
   * A learner's kept lab (kept-disks.ts): its disk file is moved in and becomes the lab's own, its files given to
   * this account first where another sealed it (`shift`). If the lab fails to start, the file is moved back, whole.
   */
  kept?: { file: string; shift?: OwnerShift; mark?: ShiftMark };
  /** The cgroup's CPU weight while it starts (LAB_CPU_WEIGHT): `starting` unless a learner waits for it. */
  cpuWeight?: number;
}

/**
 * Starts a lab's own Docker engine: dockerd in rootless mode, as `account`, in RootlessKit's user namespace (the
 * account's subordinate ids; no capability on the host), inside a bubblewrap sandbox (lab-sandbox.ts) with a
 * network namespace that has loopback only. Every process of it, the learner's containers included, is in one
 * cgroup with the lab's memory, process and CPU limits; its images, containers and volumes live on a loop-mounted
 * file system of the lab's disk size. Needs root (the runner is deployed so) and scripts/labs/ensure-lab-host.sh.
 */
export async function startLabEngine(
  config: LabHostConfig,
  id: string,
  account: LabAccount,
  limits: LabLimits,
  options: StartLabEngineOptions = {},
): Promise<LabEngine> {
  const paths = labPaths(path.join(config.labsDir, id));
  const cgroup = await createBuildCgroup(id, limits, { parent: CGROUP_PARENT });
  // Until a learner has it, starting the engine and loading its images yield to the labs learners type in.
  await cgroup.setCpuWeight(options.cpuWeight ?? LAB_CPU_WEIGHT.starting);
  const inLab = { parent: path.join(CGROUP_PARENT, cgroup.parent.split("/").pop()!) };
  const engineCgroup = await createBuildCgroup("engine", { ...limits, pids: limits.pids - SHELL_PIDS }, inLab);
  const shellCgroup = await createBuildCgroup("shell", limits, inLab);
  let child: ChildProcess | undefined;
  let pinned: PinnedEngineSocket | undefined;
  let network: number | undefined;
  const stop = async () => {
    child?.kill("SIGKILL");
    pinned?.close();
    if (network !== undefined) closeSync(network);
    network = undefined;
    await stopLab(paths, cgroup);
  };
  let started = false;
  try {
    await prepareFiles(paths, account, limits.diskBytes, options);
    const dockerd = [
      "dockerd",
      "--data-root",
      "/var/lib/docker",
      "--exec-root",
      "/run/docker-exec",
      "--pidfile",
      "/run/docker.pid",
      "-H",
      `unix://${LAB_DOCKER_SOCKET}`,
      // Published ports stay inside the lab's network namespace, where the kernel forwards them itself.
      "--userland-proxy=false",
    ];
    if (config.mirror) await startMirrorRelay(paths, config.mirror, engineCgroup);
    const sandbox = ["bwrap", ...bubblewrapArgs(paths, config.engineDir, labInitArgs(dockerd))];
    const rootlesskit = ["rootlesskit", "--net=host", "--pidns", `--state-dir=${paths.state}`, ...sandbox];
    // The shell enters the cgroup first, so RootlessKit and everything below it are born inside the limits.
    const enter = engineCgroup.procsFiles.map((f) => `echo $$ > ${shellQuote(f)}`).join(" && ");
    child = spawn(
      "sh",
      [
        "-c",
        `${enter} && exec "$@"`,
        "lab",
        "runuser",
        "-u",
        account.user,
        "--",
        "env",
        "-i",
        ...userEnv(account),
        ...rootlesskit,
      ],
      { stdio: ["ignore", "ignore", "pipe"], detached: true },
    );
    const stderr: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr.push(chunk.toString());
      if (stderr.length > 200) stderr.shift();
    });
    const exited = new Promise<never>((_, reject) =>
      child!.once("exit", (code) =>
        reject(new Error(`the lab engine exited (${code}) while starting: ${stderr.join("").slice(-2000)}`)),
      ),
    );
    exited.catch(() => undefined);
    const ready = await Promise.race([untilEngineAnswers(cgroup, account.uid), exited]);
    pinned = ready.socket;
    network = openSync(`/proc/${ready.enginePid}/ns/net`, "r");
    await protectFromOomKiller(await cgroup.pids());
    const enginePid = ready.enginePid;
    const seal = async (dest: string) => {
      try {
        await sealDisk(paths, cgroup, enginePid, dest);
      } finally {
        await stop();
      }
    };
    started = true;
    return {
      id,
      account,
      paths,
      socket: pinned.path,
      enginePid: ready.enginePid,
      network: `/proc/${process.pid}/fd/${network}`,
      cgroup,
      shellCgroup,
      stop,
      seal,
    };
  } catch (err) {
    // A kept lab that did not start goes back to where it was kept: the learner's work is never lost to a failure.
    if (options.kept && !started && existsSync(path.join(paths.root, "disk.img")))
      await sealDisk(paths, cgroup, undefined, options.kept.file).catch((e: Error) => {
        throw new Error(`${(err as Error).message}; and putting its kept disk back failed: ${e.message}`);
      });
    await stop().catch(() => undefined);
    throw err;
  }
}

/**
 * Seals a lab's disk to `dest`: its engine (when it still runs) shut down as on a reboot, every process of the lab
 * ended, the file system written out, trimmed and unmounted whole, then the disk's file moved. The file is the lab's
 * only by its contents: its name and folder are the host's (the lab's folder is root's), so nothing here resolves a
 * path the lab can write.
 */
async function sealDisk(paths: LabPaths, cgroup: BuildCgroup, enginePid: number | undefined, dest: string) {
  if (enginePid !== undefined && (await cgroup.pids()).includes(enginePid)) {
    process.kill(enginePid, "SIGTERM");
    const deadline = Date.now() + SEAL_TIMEOUT_MS;
    while ((await cgroup.pids()).includes(enginePid)) {
      if (Date.now() > deadline) throw new Error("the lab engine did not shut down within 20 s");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // RootlessKit ends with its dockerd; the mirror's relay and the shells are ended here.
  await killEverything(cgroup);
  const image = path.join(paths.root, "disk.img");
  if (mounted(await readFile("/proc/self/mountinfo", "utf8"), paths.disk)) {
    // Blocks freed (image loads' tars, deleted files) go back to the host: each copy is smaller. Freed blocks are
    // free only once the journal commits them: synced first, or the trim finds nothing to give.
    await run("sync", ["-f", paths.disk]);
    await run("fstrim", [paths.disk]);
    // Not lazily: the file is copied or kept only once the kernel has let go of it, every block written. The engine's
    // own mounts lived in its mount namespace, gone with it.
    await run("umount", [paths.disk]);
  }
  await moveFile(image, dest);
}

function mounted(mountinfo: string, target: string): boolean {
  return mountinfo.split("\n").some((line) => line.split(" ")[4] === target);
}

/** A rename, or a copy and remove where `dest` is on another file system (the kept folder may be shared storage). */
async function moveFile(from: string, dest: string): Promise<void> {
  try {
    await rename(from, dest);
  } catch (err) {
    if (!isErrno(err, "EXDEV")) throw err;
    const partial = `${dest}.moving`;
    await run("cp", ["--sparse=always", from, partial]);
    await rename(partial, dest);
    await rm(from, { force: true });
  }
}

/**
 * The argv, run as root, of `command` inside a running lab: in its cgroup first, then in every namespace of its
 * engine (user, mount, network, IPC, UTS, PID), as the lab's root, which is the lab's account on the host. A
 * learner's shell is this with bash.
 */
export function labExecArgs(engine: LabEngine, command: string[]): string[] {
  const enter = engine.shellCgroup.procsFiles.map((f) => `echo $$ > ${shellQuote(f)}`).join(" && ");
  return [
    "sh",
    "-c",
    `${enter} && exec "$@"`,
    "lab",
    "nsenter",
    `--target=${engine.enginePid}`,
    "--user",
    "--mount",
    "--net",
    "--ipc",
    "--uts",
    "--pid",
    "--root",
    "--wd",
    "env",
    "-i",
    `PATH=${LAB_PATH}`,
    `HOME=${LAB_HOME}`,
    `DOCKER_HOST=unix://${LAB_DOCKER_SOCKET}`,
    "LANG=C.UTF-8",
    "TERM=xterm-256color",
    ...command,
  ];
}

/**
 * The argv, run as root, of one of the host's own programs in the lab's network namespace only, as the host's
 * `nobody` with no new privileges, in the lab's shell cgroup (it counts against the lab). It reaches what the lab's
 * loopback reaches; the program and everything it reads come from the host's file system, none of the lab's.
 */
export function labNetworkArgs(engine: LabEngine, command: string[]): string[] {
  const enter = engine.shellCgroup.procsFiles.map((f) => `echo $$ > ${shellQuote(f)}`).join(" && ");
  return [
    "sh",
    "-c",
    `${enter} && exec "$@"`,
    "lab-network",
    "nsenter",
    `--net=${engine.network}`,
    "setpriv",
    "--reuid=65534",
    "--regid=65534",
    "--clear-groups",
    "--no-new-privs",
    "env",
    "-i",
    "PATH=/usr/bin:/bin",
    "LANG=C.UTF-8",
    ...command,
  ];
}

/**
 * The host's end of the lab's way to the package mirror: a relay (socat) from a socket in the lab's mirror folder,
 * which the lab sees read-only, to the mirror's port in the grading engine's network namespace. It runs as `nobody`
 * (no id of any lab's user namespace maps to it) with no new privileges, in the lab's cgroup, so what the lab makes
 * it do counts against the lab's limits and dies with the lab. It carries bytes to the mirror's port and nowhere else.
 */
async function startMirrorRelay(paths: LabPaths, mirror: PackageMirrorRoute, cgroup: BuildCgroup): Promise<void> {
  const socket = path.join(paths.mirror, `${PACKAGE_MIRROR_HOST}.sock`);
  await run("chown", ["65534:65534", paths.mirror]);
  const enter = cgroup.procsFiles.map((f) => `echo $$ > ${shellQuote(f)}`).join(" && ");
  const relay = spawn(
    "sh",
    [
      "-c",
      `${enter} && exec "$@"`,
      "mirror-relay",
      ...(mirror.netns ? ["nsenter", `--net=${mirror.netns}`] : []),
      "setpriv",
      "--reuid=65534",
      "--regid=65534",
      "--clear-groups",
      "--no-new-privs",
      "socat",
      `UNIX-LISTEN:${socket},fork,mode=0666`,
      `TCP:${mirror.address}:${PACKAGE_MIRROR_PORT}`,
    ],
    { stdio: "ignore", detached: true },
  );
  relay.unref();
  const deadline = Date.now() + 5000;
  while (!existsSync(socket)) {
    if (relay.exitCode !== null || Date.now() > deadline)
      throw new Error(`the lab's relay to the package mirror did not start (exit ${relay.exitCode})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function userEnv(account: LabAccount): string[] {
  return [`HOME=/nonexistent`, `USER=${account.user}`, "PATH=/usr/bin:/bin:/usr/sbin:/sbin", "LANG=C.UTF-8"];
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function prepareFiles(
  paths: LabPaths,
  account: LabAccount,
  diskBytes: number,
  { seed, kept }: StartLabEngineOptions,
): Promise<void> {
  // The lab's account must pass through (never list) the labs' directory and its own lab's.
  await mkdir(path.dirname(paths.root), { recursive: true });
  await chmod(path.dirname(paths.root), 0o711);
  await mkdir(paths.root, { recursive: true });
  await chmod(paths.root, 0o711);
  const dirs = [paths.disk, paths.etc, paths.state, paths.mirror];
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  // A file system of its own bounds everything the lab stores; a full one stops the lab, not the host.
  const image = path.join(paths.root, "disk.img");
  if (kept) {
    await moveFile(kept.file, image);
  } else if (seed) {
    // A sparse copy (a reflink where the file system shares blocks): a tenth of a second where loading the images
    // into a new engine costs seconds of CPU.
    await run("cp", ["--reflink=auto", "--sparse=always", seed, image]);
  } else {
    await run("truncate", ["-s", String(diskBytes), image]);
    await run("mkfs.ext4", ["-q", "-F", "-m", "0", "-E", `root_owner=${account.uid}:${account.gid}`, image]);
  }
  // The raw disk is root's alone: no account reads another lab's blocks past its file system's permissions.
  await chmod(image, 0o600);
  await run("mount", ["-o", "loop,nosuid,nodev", image, paths.disk]).catch((err: Error) => {
    throw new LabDiskUnmountable(err.message);
  });
  for (const [name, content] of Object.entries(labEtcFiles())) {
    if (name.endsWith("/")) await mkdir(path.join(paths.etc, name), { recursive: true });
    else await writeFile(path.join(paths.etc, name), content, { mode: 0o644 });
  }
  await run("chown", ["-R", `${account.uid}:${account.gid}`, paths.state]);
  // Before the engine starts: nothing runs on the disk while its owners change.
  if (kept?.shift) await shiftOwners(paths.disk, kept.shift, kept.mark);
  if (kept) return;
  // A seed's files already belong to the account and its subordinate ids (the images' owners inside the engine's
  // user namespace): a chown would give every one of them to the account's root.
  if (seed) return;
  for (const dir of ["docker", "home/.docker"]) await mkdir(path.join(paths.disk, dir), { recursive: true });
  await writeFile(path.join(paths.disk, "home", ".docker", "config.json"), labDockerConfig());
  await run("chown", ["-R", `${account.uid}:${account.gid}`, paths.disk]);
}

/**
 * Waits until the lab's dockerd answers `GET /_ping` on its socket, pinned from its own root (pinEngineSocket)
 * before the lab has any shell, so the learner never had a chance to put anything in its place.
 */
async function untilEngineAnswers(
  cgroup: BuildCgroup,
  uid: number,
): Promise<{ enginePid: number; socket: PinnedEngineSocket }> {
  // Not a fixed clock: a busy host's engine takes the time it needs while it works (engine-start-deadline.ts).
  const deadline = new EngineStartDeadline(Date.now());
  for (;;) {
    const pids = await cgroup.pids();
    const enginePid = await findCommand(pids, "dockerd").catch(() => undefined);
    let socket: PinnedEngineSocket | undefined;
    try {
      socket = enginePid === undefined ? undefined : pinEngineSocket(enginePid, uid);
    } catch (err) {
      // Not there yet; anything else is no engine the runner trusts.
      if (!isErrno(err, "ENOENT")) throw err;
    }
    if (enginePid !== undefined && socket && (await ping(socket.path))) return { enginePid, socket };
    socket?.close();
    const dead = deadline.check(Date.now(), await cpuProgress(pids));
    if (dead) throw new Error(dead);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath: socket, path: "/_ping", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

/**
 * A memory bomb in a learner's container makes the kernel kill inside the lab's cgroup: the bomb, never the lab's
 * engine. Every process in the cgroup right after start-up is the lab's machinery (RootlessKit, bubblewrap, dockerd,
 * containerd); the host's root marks them as the last to go. Containers start from runc with the default score.
 */
async function protectFromOomKiller(pids: number[]): Promise<void> {
  for (const pid of pids) await writeFile(`/proc/${pid}/oom_score_adj`, "-999").catch(() => undefined);
}

/** The host pid of the process named `command` (its /proc comm): pid files inside the lab hold pid-namespace pids. */
async function findCommand(pids: number[], command: string): Promise<number> {
  for (const pid of pids) {
    const comm = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() === command) return pid;
  }
  throw new Error(`no ${command} process in the lab's cgroup`);
}

/** In a lab's folder (root's, never the lab's to write): what its host wrote of it (the session it served). */
export const LAB_NOTE_FILE = "note.json";

/** A lab a runner process left behind, offered to be kept before it is removed. */
export interface LeftoverLab {
  id: string;
  /** What its host wrote in LAB_NOTE_FILE, if anything. */
  note: string;
  /** Seals its disk to `dest` as LabEngine.seal does (its engine, if it still runs, shut down as on a reboot). */
  seal(dest: string): Promise<void>;
}

/**
 * Removes the labs a runner process left behind (it died, or the machine restarted under it): every directory in
 * `labsDir` that is not a running lab of this process has its processes killed, its disk unmounted and its files and
 * cgroup removed. `keep`, where given, is offered each one its host left a note in first, to seal its disk. Returns
 * the ids it removed.
 */
export async function removeLeftoverLabs(
  config: LabHostConfig,
  running: ReadonlySet<string>,
  keep?: (lab: LeftoverLab) => Promise<void>,
): Promise<string[]> {
  const entries = await readdir(config.labsDir, { withFileTypes: true }).catch((err: unknown) => {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  });
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || running.has(entry.name)) continue;
    const limits = { memoryBytes: 0, pids: 0, cpus: 0 };
    const cgroup = await createBuildCgroup(entry.name, limits, { parent: CGROUP_PARENT, adopt: true });
    const paths = labPaths(path.join(config.labsDir, entry.name));
    const note = await readFile(path.join(paths.root, LAB_NOTE_FILE), "utf8").catch(() => undefined);
    if (keep && note !== undefined && existsSync(path.join(paths.root, "disk.img"))) {
      const seal = async (dest: string) =>
        sealDisk(paths, cgroup, await findCommand(await cgroup.pids(), "dockerd").catch(() => undefined), dest);
      await keep({ id: entry.name, note, seal }).catch(() => undefined);
    }
    await stopLab(paths, cgroup);
    removed.push(entry.name);
  }
  return removed;
}

/** Kills until nothing is left in the lab's cgroup: a dying dockerd's children may still fork for a moment. */
async function killEverything(cgroup: BuildCgroup): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await cgroup.killAll();
    if ((await cgroup.pids()).length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopLab(paths: LabPaths, cgroup: BuildCgroup): Promise<void> {
  await killEverything(cgroup);
  await unmountUnder(paths.root);
  await rm(paths.root, { recursive: true, force: true });
  await cgroup.remove();
}

/** Lazily, deepest first: the engine's overlay mounts live in the lab's own mount namespace, gone with it. */
async function unmountUnder(root: string): Promise<void> {
  const mounts = (await readFile("/proc/self/mountinfo", "utf8"))
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((target): target is string => target !== undefined && (target === root || target.startsWith(`${root}/`)))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts)
    await run("umount", ["-l", target]).catch((err: unknown) => {
      if (!isErrno(err, "ENOENT")) throw err;
    });
}
