import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import type { LabImage } from "../from-lib";
import type { LabAccount, LabAccountPool } from "./lab-accounts";
import {
  type LabEngine,
  type LabHostConfig,
  type LabLimits,
  type StartLabEngineOptions,
  startLabEngine,
} from "./lab-engine";
import { loadLabImages } from "./lab-images";
import type { LabSeeds } from "./lab-seeds";

/** Where a lab host starts engines, and what each gets. */
export interface EngineSetup {
  host: LabHostConfig;
  accounts: LabAccountPool;
  limits: LabLimits;
  /** Where image tars saved from the grading engine are kept between labs (lab-images.ts). */
  imageCacheDir: string;
  /** Sealed disks to start from (lab-seeds.ts); without them every engine loads its images. */
  seeds?: LabSeeds;
  /** Engines starting at once, at most (labStartsAtOnce): the rest wait their turn. */
  starts?: StartSlots;
}

/**
 * Turns to start an engine. Twenty engines starting together on two cores each take as long as if they had started
 * in turns, and meanwhile starve the labs learners type in (the class bench's echo was p95 0.8 s in such a rush);
 * in turns, the first labs open sooner and keystrokes stay prompt.
 */
export class StartSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Whether an engine is starting or waiting to. */
  get busy(): boolean {
    return this.running > 0;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
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

/**
 * Starts an engine as `account` (already held) with `images` in it: from the account's seed where it has one (every
 * lab image, already there), else on an empty disk with `images` loaded. On failure the account is given back.
 */
export async function startHeldEngine(
  setup: EngineSetup,
  account: LabAccount,
  images: readonly LabImage[],
): Promise<HeldEngine> {
  let engine: LabEngine | undefined;
  let held = images;
  let seeded = false;
  const start = async () => {
    const fromSeed = await setup.seeds?.start(account, newEngineId());
    if (fromSeed) {
      ({ engine, images: held } = fromSeed);
      seeded = true;
    } else {
      engine = await startLabEngine(setup.host, newEngineId(), account, setup.limits);
      await loadLabImages(engine, images, { cacheDir: setup.imageCacheDir });
    }
  };
  try {
    await (setup.starts ? setup.starts.run(start) : start());
  } catch (err) {
    await engine?.stop().catch(() => undefined);
    await setup.accounts.give(account);
    throw err;
  }
  return holding(setup, engine as LabEngine, { images: held, seeded });
}

/**
 * Starts an engine as `account` (already held) on a learner's kept disk (kept-disks.ts), in the start slots like any
 * engine. On failure the disk is back where it was kept and the account is given back.
 */
export async function startKeptEngine(
  setup: EngineSetup,
  account: LabAccount,
  kept: NonNullable<StartLabEngineOptions["kept"]>,
): Promise<HeldEngine> {
  const start = () => startLabEngine(setup.host, newEngineId(), account, setup.limits, { kept });
  try {
    const engine = await (setup.starts ? setup.starts.run(start) : start());
    return holding(setup, engine, { images: [], seeded: false });
  } catch (err) {
    await setup.accounts.give(account);
    throw err;
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
  private readonly ready: HeldEngine[] = [];
  private starting = 0;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly startups = new Set<Promise<void>>();

  constructor(private readonly opts: WarmPoolOptions) {}

  /** Engines the pool holds, ready or starting: each has an account of the host. */
  get held(): number {
    return this.ready.length + this.starting;
  }

  /**
   * A ready engine that still answers, or undefined (the caller starts one of its own). The caller calls `fill`
   * once it has what it needs, so the refill never races a waiting lab for the host's last account.
   */
  async take(): Promise<HeldEngine | undefined> {
    while (this.ready.length > 0) {
      const held = this.ready.shift()!;
      if (await answers(held.engine)) return held;
      this.opts.log(`warm lab engine ${held.engine.id} stopped answering; dropped`);
      await held.release().catch((err: Error) => this.opts.log(`removing ${held.engine.id}: ${err.message}`));
    }
    return undefined;
  }

  /** A taken engine the lab did not use (another host claimed the lab): ready for the next one. */
  putBack(held: HeldEngine): void {
    if (this.stopped || this.held >= this.opts.size) void held.release();
    else this.ready.push(held);
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
    await Promise.all(this.ready.splice(0).map((held) => held.release().catch(() => undefined)));
  }

  private async startOne(): Promise<void> {
    const { setup, log } = this.opts;
    // No account free: every one runs a lab. The pool fills again when a lab is claimed from it or ends.
    const account = await setup.accounts.take();
    if (!account) return;
    try {
      const started = performance.now();
      const held = await startHeldEngine(setup, account, this.opts.images);
      if (this.stopped) {
        await held.release();
        return;
      }
      this.ready.push(held);
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
