import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, realpath, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { engineClient } from "../docker/engine";
import type { LabAccount, LabAccountPool } from "./lab-accounts";
import {
  LabDiskUnmountable,
  type LabEngine,
  type LabHostConfig,
  type LabLimits,
  type StartLabEngineOptions,
  startLabEngine,
} from "./lab-engine";
import { exists, imageId, LAB_IMAGE_ALIASES, loadLabImages } from "./lab-images";
import { labDockerConfig } from "./lab-sandbox";
import type { LabImage } from "./lib";

/** Raised when what a seed holds, or how it is made, changes in a way the key does not see. */
const SEED_FORMAT = 2;
/** Load per core under which the host counts as idle: a failure there is the seed's, not the host's. */
const IDLE_LOAD_PER_CORE = 1;
/** A `.partial` this old belongs to a process that died while sealing: a seal takes seconds. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

export interface LabSeedsOptions {
  /** Where sealed disks are kept, machine-wide and root's alone (0700): `<account>-<key>.img`. */
  dir: string;
  host: LabHostConfig;
  limits: LabLimits;
  /** Where the images' tars are kept (lab-images.ts): a seed is made by loading them once. */
  imageCacheDir: string;
  /** What every seed holds: every image any lab may start with, so any lab can start from any seed. */
  images: readonly LabImage[];
  /** The engine holding the seeded images; the grading engine unless a test says otherwise. */
  source?: Docker;
  log: (line: string) => void;
}

/** What a seed made now holds: the images' IDs, and a key that changes with anything a seed depends on. */
export interface SeedPlan {
  key: string;
  ids: ReadonlyMap<LabImage, string>;
}

/**
 * Sealed lab disks: a lab starts on a copy of one in place of an empty file system, with the course's images
 * already in its engine, so a start costs the engine's start and a sparse copy (a tenth of a second) rather than
 * seconds of CPU loading images. Loading is what made a class's rush of starts slow (bench/README.md).
 *
 * A seed is made only from a new engine no learner ever had: started on an empty disk, given the images, shut down
 * and sealed. Its files belong to the account it was made as (the images' owners are that account's subordinate
 * ids), so each account has seeds of its own and a lab only ever starts from its own account's. The key covers the
 * images' IDs, their aliases, the engine's binaries, the disk's size and the home's Docker config: a re-seeded image
 * or a new engine makes new seeds, and an account's older ones are removed when its new one is sealed.
 */
export class LabSeeds {
  private readonly source: Docker;
  private filling: Promise<void> | undefined;
  private lastFailure: string | undefined;
  private stopped = false;
  /** Seeds whose engine failed to start on an idle host, and how often: a second time proves the seed bad. */
  private readonly idleFailures = new Map<string, number>();

  constructor(private readonly opts: LabSeedsOptions) {
    this.source = opts.source ?? engineClient();
  }

  async plan(): Promise<SeedPlan> {
    const ids = new Map<LabImage, string>();
    for (const name of [...new Set(this.opts.images)].sort()) ids.set(name, await imageId(this.source, name));
    const engine = [];
    for (const program of ["dockerd", "containerd"]) {
      const info = await stat(await realpath(path.join(this.opts.host.engineDir, "bin", program)));
      engine.push([program, info.size, Math.round(info.mtimeMs)]);
    }
    const what = {
      format: SEED_FORMAT,
      images: [...ids],
      aliases: [...ids.keys()].map((name) => LAB_IMAGE_ALIASES[name] ?? []),
      engine,
      diskBytes: this.opts.limits.diskBytes,
      dockerConfig: labDockerConfig(),
    };
    return { key: createHash("sha256").update(JSON.stringify(what)).digest("hex").slice(0, 16), ids };
  }

  /**
   * A lab engine for `account` (held by the caller) started from its seed, its images checked against the plan;
   * undefined when the account has no seed, or its seed was proven bad and removed (the caller starts the lab the
   * slow way: a learner never pays for a bad seed with a failed lab). Proven bad is what a slow host never causes:
   * its engine answered and its images are missing or other than the plan's, or its engine failed to start twice
   * on an idle host. A start that failed on a busy host throws and keeps the seed: removing it would make every
   * later start on the account load images, slower still (issue 54).
   */
  async start(
    account: LabAccount,
    id: string,
    { cpuWeight }: Pick<StartLabEngineOptions, "cpuWeight"> = {},
  ): Promise<{ engine: LabEngine; images: LabImage[] } | undefined> {
    const plan = await this.plan();
    const seed = this.file(account, plan);
    if (!(await exists(seed))) return undefined;
    let engine: LabEngine;
    try {
      engine = await startLabEngine(this.opts.host, id, account, this.opts.limits, { seed, cpuWeight });
    } catch (err) {
      if (err instanceof LabDiskUnmountable) return this.removeBad(seed, err.message);
      const idle = loadPerCore() < IDLE_LOAD_PER_CORE;
      const failures = (this.idleFailures.get(seed) ?? 0) + (idle ? 1 : 0);
      this.idleFailures.set(seed, failures);
      if (failures < 2) {
        const host = idle ? "an idle host" : `a busy host (load ${loadPerCore().toFixed(1)} a core)`;
        this.opts.log(`the seed ${path.basename(seed)} did not start a lab on ${host}; kept`);
        throw err;
      }
      return this.removeBad(seed, `it failed to start twice on an idle host: ${(err as Error).message}`);
    }
    this.idleFailures.delete(seed);
    const lab = new Docker({ socketPath: engine.socket });
    for (const [name, want] of plan.ids) {
      const found = await lab
        .getImage(name)
        .inspect()
        .then((image: { Id: string }) => image.Id)
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode === 404) return "missing";
          // The engine answered but not this (a busy host's timeout): nothing about the seed is proven.
          throw err;
        })
        .catch(async (err: Error) => {
          await engine.stop().catch(() => undefined);
          throw err;
        });
      if (found !== want) {
        await engine.stop().catch(() => undefined);
        return this.removeBad(seed, `${name} is ${found === "missing" ? "missing" : `${found}, not ${want}`}`);
      }
    }
    return { engine, images: [...plan.ids.keys()] };
  }

  private async removeBad(seed: string, why: string): Promise<undefined> {
    this.opts.log(`the seed ${path.basename(seed)} did not start a lab and is bad (${why}); removed`);
    this.idleFailures.delete(seed);
    await rm(seed, { force: true });
    return undefined;
  }

  /**
   * Seals a seed for each account of `accounts` that has none under the current plan, one at a time and only while
   * `busy` says no lab is waiting for an account: each is taken from the pool like a lab's, so a seal never holds
   * an account a learner could have. Calls while one runs return that one.
   */
  fill(accounts: LabAccountPool, busy: () => boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.filling ??= this.fillAll(accounts, busy)
      .then(() => {
        this.lastFailure = undefined;
      })
      .catch((err: Error) => {
        // Said once, not at every beat: a grading engine still seeding its images fails the same way for minutes.
        if (err.message !== this.lastFailure) this.opts.log(`sealing a lab seed failed: ${err.message}`);
        this.lastFailure = err.message;
      })
      .finally(() => {
        this.filling = undefined;
      });
    return this.filling;
  }

  /** Stops sealing; waits for a seal under way (its account is given back). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.filling;
  }

  /** Accounts of `accounts` with a seed under the current plan. */
  async sealed(accounts: readonly LabAccount[]): Promise<number> {
    const plan = await this.plan();
    let count = 0;
    for (const account of accounts) if (await exists(this.file(account, plan))) count++;
    return count;
  }

  private async fillAll(accounts: LabAccountPool, busy: () => boolean): Promise<void> {
    await mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
    for (;;) {
      if (this.stopped || busy()) return;
      const plan = await this.plan();
      const missing = new Set<string>();
      for (const account of accounts.all) if (!(await exists(this.file(account, plan)))) missing.add(account.user);
      if (missing.size === 0) return;
      const account = await accounts.take((a) => missing.has(a.user));
      // Every account without a seed runs a lab now: the next call looks again.
      if (!account) return;
      try {
        await this.seal(account);
      } finally {
        await accounts.give(account);
      }
    }
  }

  /**
   * Seals `account`'s seed under the current plan from a new engine (the caller holds the account: fill takes it
   * from the pool). Throws, sealing nothing, when the images change in the grading engine meanwhile.
   */
  async seal(account: LabAccount): Promise<void> {
    await mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
    const plan = await this.plan();
    const started = performance.now();
    const engine = await startLabEngine(
      this.opts.host,
      `seed-${randomBytes(6).toString("hex")}`,
      account,
      this.opts.limits,
    );
    let sealed = false;
    try {
      const loaded = await loadLabImages(engine, [...plan.ids.keys()], {
        cacheDir: this.opts.imageCacheDir,
        source: this.source,
      });
      // Re-seeded while it loaded: this seed would hold images the key does not name.
      for (const { name, id } of loaded)
        if (plan.ids.get(name) !== id) throw new Error(`${name} changed in the grading engine while a seed was made`);
      const file = this.file(account, plan);
      const partial = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.partial`;
      try {
        await engine.seal(partial);
        sealed = true;
        await rename(partial, file);
      } finally {
        await rm(partial, { force: true });
      }
      await this.removeOthers(account, path.basename(file));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.opts.log(`sealed a lab seed for ${account.user} in ${seconds} s`);
    } finally {
      if (!sealed) await engine.stop().catch(() => undefined);
    }
  }

  /** The account's seeds under other keys, and partial files a dead process left. */
  private async removeOthers(account: LabAccount, keep: string): Promise<void> {
    for (const entry of await readdir(this.opts.dir)) {
      if (!entry.startsWith(`${account.user}-`) || entry === keep) continue;
      const file = path.join(this.opts.dir, entry);
      const info = await stat(file).catch(() => undefined);
      if (!info) continue;
      if (!entry.endsWith(".partial") || Date.now() - info.mtimeMs > STALE_PARTIAL_MS) await rm(file, { force: true });
    }
  }

  private file(account: LabAccount, plan: SeedPlan): string {
    return path.join(this.opts.dir, `${account.user}-${plan.key}.img`);
  }
}

function loadPerCore(): number {
  return os.loadavg()[0]! / os.availableParallelism();
}
