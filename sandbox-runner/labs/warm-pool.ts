import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import Docker from "dockerode";
import type { LabAccount, LabAccountPool } from "./lab-accounts";
import {
  LAB_CPU_WEIGHT,
  type LabEngine,
  type LabHostConfig,
  type LabLimits,
  type StartLabEngineOptions,
  startLabEngine,
} from "./lab-engine";
import { loadLabImages } from "./lab-images";
import type { LabSeeds } from "./lab-seeds";
import type { LabImage } from "./lib";
import type { StartFor, StartGate, StartSample } from "./start-gate";

/** Where a lab host starts engines, and what each gets. */
export interface EngineSetup {
  host: LabHostConfig;
  accounts: LabAccountPool;
  limits: LabLimits;
  /** Where image tars saved from the grading engine are kept between labs (lab-images.ts). */
  imageCacheDir: string;
  /** Sealed disks to start from (lab-seeds.ts); without them every engine loads its images. */
  seeds?: LabSeeds;
  /** Turns to start an engine, as many at once as the host starts in time (start-gate.ts); all at once without. */
  starts?: StartGate;
}

/** A started lab engine and the host account it runs as; `release` stops it and gives the account back. */
export interface HeldEngine {
  engine: LabEngine;
  /** The course images it has loaded. */
  images: ReadonlySet<LabImage>;
  /** Whether it started on a copy of its account's seed (lab-seeds.ts) rather than loading its images. */
  seeded: boolean;
  release(): Promise<void>;
  /** Seals the engine's disk to `dest` (LabEngine.seal) in place of stopping it; the account is given back. */
  seal(dest: string): Promise<void>;
}

/**
 * Names unique on the host, whichever runner process starts the lab: an engine's cgroup is named after it, and
 * every runner's labs share one cgroup parent.
 */
function newEngineId(): string {
  return `lab-${randomBytes(6).toString("hex")}`;
}

/** What a learner's page says the host is doing for its lab while it starts (served-lab.ts shows it). */
export type StartPhase = "engine" | "images" | "again";

interface StartOptions {
  /** Whose start it is: a learner's goes before the warm pool's (start-gate.ts). */
  startFor?: StartFor;
  /** Each phase as it begins: the page tells the learner what the host is doing. */
  onPhase?: (phase: StartPhase, why?: string) => void;
}

/**
 * Starts an engine as `account` (already held) with `images` in it: from the account's seed where it has one (every
 * lab image, already there), else on an empty disk with `images` loaded. A start that fails is tried once more (a
 * busy moment, a seed kept after a slow start); a second failure throws, and the account is given back.
 */
export async function startHeldEngine(
  setup: EngineSetup,
  account: LabAccount,
  images: readonly LabImage[],
  { startFor = "learner", onPhase }: StartOptions = {},
): Promise<HeldEngine> {
  let engine: LabEngine | undefined;
  let held = images;
  let seeded = false;
  const cpuWeight = startFor === "learner" ? LAB_CPU_WEIGHT.learnerStarting : LAB_CPU_WEIGHT.starting;
  const start = async (sample: (s: StartSample) => void) => {
    const since = performance.now();
    onPhase?.("engine");
    const fromSeed = await setup.seeds?.start(account, newEngineId(), { cpuWeight });
    if (fromSeed) {
      ({ engine, images: held } = fromSeed);
      seeded = true;
      sample(measured(since));
    } else {
      engine = await startLabEngine(setup.host, newEngineId(), account, setup.limits, { cpuWeight });
      sample(measured(since));
      onPhase?.("images");
      await loadLabImages(engine, images, { cacheDir: setup.imageCacheDir });
    }
  };
  try {
    await twice(setup, account.user, start, startFor, async (err) => {
      await engine?.stop().catch(() => undefined);
      engine = undefined;
      onPhase?.("again", err.message);
    });
  } catch (err) {
    await engine?.stop().catch(() => undefined);
    await setup.accounts.give(account);
    throw err;
  }
  return holding(setup, engine as LabEngine, { images: held, seeded });
}

/**
 * Starts an engine as `account` (already held) on a learner's kept disk (kept-disks.ts), in the start turns like any
 * engine, tried once more on failure (the disk is back where it was kept after each). On a second failure the
 * account is given back.
 */
export async function startKeptEngine(
  setup: EngineSetup,
  account: LabAccount,
  kept: NonNullable<StartLabEngineOptions["kept"]>,
  { onPhase }: Pick<StartOptions, "onPhase"> = {},
): Promise<HeldEngine> {
  let engine: LabEngine | undefined;
  const start = async (sample: (s: StartSample) => void) => {
    const since = performance.now();
    onPhase?.("engine");
    engine = await startLabEngine(setup.host, newEngineId(), account, setup.limits, {
      kept,
      cpuWeight: LAB_CPU_WEIGHT.learnerStarting,
    });
    sample(measured(since));
  };
  try {
    await twice(setup, account.user, start, "learner", async (err) => onPhase?.("again", err.message));
    return holding(setup, engine as LabEngine, { images: [], seeded: false });
  } catch (err) {
    await setup.accounts.give(account);
    throw err;
  }
}

/**
 * A start's engine time and the host's load as it ended: what the start gate learns from. The load is the larger of
 * the 1-minute average and the processes runnable right now: the average lags a minute behind a hog that just began.
 */
function measured(since: number): StartSample {
  const runnable = Number(/ (\d+)\//.exec(readFileSync("/proc/loadavg", "utf8"))?.[1] ?? 0) - 1;
  const load = Math.max(os.loadavg()[0]!, runnable);
  return { engineMs: performance.now() - since, loadPerCore: load / os.availableParallelism() };
}

/**
 * Runs a start in its turn, and once more in a new turn when it fails (`between` tidies up and tells the learner
 * why): one failed start is often a moment (a slow disk, a kept seed's engine on a loaded host), and a learner who
 * reads "could not start" for it is failed by the host, not by the lab. The second failure stands, with both whys.
 */
async function twice(
  setup: EngineSetup,
  account: string,
  start: (sample: (s: StartSample) => void) => Promise<void>,
  startFor: StartFor,
  between: (err: Error) => Promise<void>,
): Promise<void> {
  const inTurn = () => (setup.starts ? setup.starts.run(start, startFor, account) : start(() => undefined));
  try {
    await inTurn();
  } catch (first) {
    await between(first as Error);
    try {
      await inTurn();
    } catch (second) {
      throw new LabStartFailed(first as Error, second as Error);
    }
  }
}

/** A lab engine that failed to start twice: what the learner is told names what failed (lab-close-reasons.ts). */
export class LabStartFailed extends Error {
  constructor(
    readonly first: Error,
    readonly second: Error,
  ) {
    super(`${second.message} (and the try before: ${first.message})`);
    this.name = "LabStartFailed";
  }
}

function holding(
  setup: EngineSetup,
  engine: LabEngine,
  { images, seeded }: { images: readonly LabImage[]; seeded: boolean },
): HeldEngine {
  let releasing: Promise<void> | undefined;
  const once = (end: () => Promise<void>) => {
    releasing ??= end().finally(() => setup.accounts.give(engine.account));
    return releasing;
  };
  return {
    engine,
    images: new Set(images),
    seeded,
    release: () => once(() => engine.stop()),
    seal: (dest) => once(() => engine.seal(dest)),
  };
}

export interface WarmPoolOptions {
  setup: EngineSetup;
  /** Engines kept ready (LAB_LIMITS.warmPool); 0 keeps none. */
  size: number;
  /** What each warm engine loads: every image any lab may start with, so any lab can take it. */
  images: readonly LabImage[];
  /** A warm engine became ready: a lab waiting for room may take it now. */
  onReady?: () => void;
  log: (line: string) => void;
}

/** How long after a failed start the pool tries again: a host that cannot start engines is not hammered. */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Engines started ahead of the learners who will use them, each with every lab image loaded, so a lab opens in
 * the time it takes to write its home and start its shell. Each holds a host account like any running lab (the
 * pool never exceeds the host's lab cap, and fills only from accounts nobody else holds); a taken engine is
 * replaced in the background.
 */
export class WarmPool {
  private readonly readyEngines: HeldEngine[] = [];
  private starting = 0;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly startups = new Set<Promise<void>>();

  constructor(private readonly opts: WarmPoolOptions) {}

  /** Engines ready to be taken now. */
  get ready(): number {
    return this.readyEngines.length;
  }

  /** Engines the pool holds, ready or starting: each has an account of the host. */
  get held(): number {
    return this.readyEngines.length + this.starting;
  }

  /**
   * A ready engine that still answers, or undefined (the caller starts one of its own). The caller calls `fill`
   * once it has what it needs, so the refill never races a waiting lab for the host's last account.
   */
  async take(): Promise<HeldEngine | undefined> {
    while (this.readyEngines.length > 0) {
      const held = this.readyEngines.shift()!;
      if (await answers(held.engine)) return held;
      this.opts.log(`warm lab engine ${held.engine.id} stopped answering; dropped`);
      await held.release().catch((err: Error) => this.opts.log(`removing ${held.engine.id}: ${err.message}`));
    }
    return undefined;
  }

  /** A taken engine the lab did not use (another host claimed the lab): ready for the next one. */
  putBack(held: HeldEngine): void {
    if (this.stopped || this.held >= this.opts.size) void held.release();
    else this.readyEngines.push(held);
  }

  /** Starts engines until the pool has its size, as far as the host has free accounts. */
  fill(): void {
    if (this.stopped || this.retry) return;
    while (this.held < this.opts.size) {
      this.starting++;
      const startup = this.startOne().finally(() => {
        this.starting--;
        this.startups.delete(startup);
      });
      this.startups.add(startup);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await Promise.all(this.startups);
    await Promise.all(this.readyEngines.splice(0).map((held) => held.release().catch(() => undefined)));
  }

  private async startOne(): Promise<void> {
    const { setup, log } = this.opts;
    // No account free: every one runs a lab. The pool fills again when a lab is claimed from it or ends.
    const account = await setup.accounts.take();
    if (!account) return;
    try {
      const started = performance.now();
      const held = await startHeldEngine(setup, account, this.opts.images, { startFor: "ahead" });
      if (this.stopped) {
        await held.release();
        return;
      }
      this.readyEngines.push(held);
      log(`warm lab engine ${held.engine.id} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      this.opts.onReady?.();
    } catch (err) {
      log(`a warm lab engine could not start: ${(err as Error).message}`);
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.fill();
      }, RETRY_AFTER_FAILURE_MS);
    }
  }
}

async function answers(engine: LabEngine): Promise<boolean> {
  try {
    await new Docker({ socketPath: engine.socket, timeout: 2000 }).ping();
    return true;
  } catch {
    return false;
  }
}
