import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { holdLock, LabAccountPool, listLabAccounts } from "../labs/lab-accounts";
import { type LabHost, labHostProblem, startLabHost } from "../labs/lab-host";
import { labSettings } from "../labs/lib";
import { labCapacity, labStartsAtOnce, type Machine } from "./capacity";
import type { Host } from "./host";
import type { RunnerCore } from "./runner-core";

export interface LabsOptions {
  /** RUNNER_LABS: "auto" serves labs when the machine can, "on" refuses to start without. */
  mode: "auto" | "on";
  /** LABS_DIR unless a test gives a folder of its own. */
  labsRoot?: string;
  /** Where the labs' images are saved once for every lab; DATA_DIR/lab-images unless a test shares one. */
  imageCacheDir?: string;
  /** What the machine has to give (./capacity.ts). */
  machine: Machine;
}

/** RUNNER_LABS: whether this runner serves labs. */
export function labsMode(): "auto" | "on" | "off" {
  return labSettings().RUNNER_LABS;
}

/**
 * The lab host, when this machine can run labs (docs/labs.md); undefined when it cannot and `mode` is "auto". Its
 * labs live in a folder of this runner's own below LABS_DIR, so what a dead previous life left there is its to
 * remove; at each beat it also removes the folders of this machine's runners that died.
 */
export async function startLabsHost(core: RunnerCore, opts: LabsOptions): Promise<Host | undefined> {
  const { log } = core;
  const settings = labSettings();
  const engineDir = settings.DOCKYARD_ENGINE_HOME;
  const problem = await labHostProblem(engineDir);
  if (problem) {
    if (opts.mode === "on") throw new Error(`RUNNER_LABS=on, but this machine cannot run labs: ${problem}`);
    log(`labs are off on this runner: ${problem}`);
    return undefined;
  }
  // The lab accounts pass through (never list) the labs' folders on the way to their own.
  const labsRoot = path.resolve(opts.labsRoot ?? settings.LABS_DIR);
  await mkdir(labsRoot, { recursive: true, mode: 0o711 });
  await chmod(labsRoot, 0o711);
  const own = labsFolderOf(core.id);
  // Held for this runner's life: while it is held, no other runner removes this runner's labs.
  const ownLockFile = path.join(labsRoot, `${own}.lock`);
  const ownLock = await holdLock(ownLockFile);
  if (!ownLock) throw new Error(`another runner on this machine already serves labs as ${core.id}`);
  // The machine's accounts bound its labs; its cores and memory may bound them lower. Every process on the machine
  // takes from the same first accounts, so the bound holds for the machine, not for each process.
  const all = await listLabAccounts();
  const accounts = all.slice(0, labCapacity(opts.machine, all.length));
  const host = await startLabHost({
    databaseUrl: core.databaseUrl,
    db: core.pool("lab"),
    runnerId: core.id,
    host: { labsDir: path.join(labsRoot, own), engineDir, mirror: await core.mirror() },
    imageCacheDir: opts.imageCacheDir ?? path.resolve(settings.DATA_DIR, "lab-images"),
    seedDir: settings.LAB_SEED_DISKS === "on" ? path.resolve(settings.DATA_DIR, "lab-seeds") : undefined,
    keptDir: path.resolve(settings.DATA_DIR, "kept-labs"),
    accounts: new LabAccountPool(accounts),
    accountCount: accounts.length,
    startsAtOnce: labStartsAtOnce(opts.machine),
    log: (line) => log(`lab: ${line}`),
  });
  // After the host started: a dead runner's labs are kept by it, and their sessions queued for it.
  await removeDeadRunnersLabs(labsRoot, own, host, log);
  log(`serving labs: at most ${host.capacity} at once (the machine's lab accounts, cores and memory), warm ones too`);
  return {
    kind: "lab",
    load: host.load,
    async tick(beat) {
      await host.tick(beat);
      await removeDeadRunnersLabs(labsRoot, own, host, log);
    },
    async stop() {
      await host.stop();
      await rm(ownLockFile, { force: true });
      await ownLock();
    },
  };
}

/** A runner's folder below LABS_DIR: its id, made safe as a file name. */
function labsFolderOf(runnerId: string): string {
  return runnerId.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * Takes over the labs that runners of this machine left when they died (a runner's default id is new at every
 * start, so its next life would not look in the old folder): nothing else would stop their engines, which still run
 * as accounts whose locks went with their runner. Each is kept for its learner and its session queued again
 * (LabHost.adoptLeftovers), then removed. Each runner holds its folder's lock for its life, whichever database it
 * serves, so a folder whose lock can be taken belongs to no living runner.
 */
async function removeDeadRunnersLabs(
  labsRoot: string,
  own: string,
  host: LabHost,
  log: (line: string) => void,
): Promise<void> {
  const folders = await readdir(labsRoot, { withFileTypes: true }).catch(() => []);
  for (const folder of folders) {
    if (!folder.isDirectory() || folder.name === own) continue;
    const lockFile = path.join(labsRoot, `${folder.name}.lock`);
    const release = await holdLock(lockFile);
    if (!release) continue;
    try {
      const labsDir = path.join(labsRoot, folder.name);
      const found = await host.adoptLeftovers(labsDir);
      await rm(labsDir, { recursive: true, force: true });
      log(`removed the labs folder of a dead runner, ${folder.name}${found ? ` (${found} labs)` : ""}`);
    } finally {
      await rm(lockFile, { force: true });
      await release();
    }
  }
}
