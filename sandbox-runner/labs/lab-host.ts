import { existsSync } from "node:fs";
import { rmdir } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { z } from "zod";
import type { Host } from "../hosts/host";
import { claimSession, closeOrphans, listenForSessions } from "../sessions/session-host";
import { KeptDisks } from "./kept-disks";
import { LabAccountPool, listLabAccounts } from "./lab-accounts";
import { keptLabEnding, LAB_CLOSE_REASONS } from "./lab-close-reasons";
import { type LabHostConfig, type LeftoverLab, removeLeftoverLabs } from "./lab-engine";
import { LabSeeds } from "./lab-seeds";
import { keptLabAccountFor, LAB_IMAGES, LAB_LIMITS, type Lab, loadLab, moveSession, typedSql } from "./lib";
import { type LabContext, type LabHostLimits, type LabRoom, ServedLab } from "./served-lab";
import { StartGate } from "./start-gate";
import { type EngineSetup, WarmPool } from "./warm-pool";

export interface LabHostOptions {
  databaseUrl: string;
  db: pg.Pool;
  runnerId: string;
  /** Where this runner's labs keep their files (its own directory: leftovers there are its previous life's). */
  host: LabHostConfig;
  imageCacheDir: string;
  /** Where sealed lab disks are kept (lab-seeds.ts), machine-wide; without it every lab loads its images. */
  seedDir?: string;
  /**
   * Where learners' kept labs lie (kept-disks.ts), shared by every lab host that may resume them; without it a lab's
   * work goes when it closes.
   */
  keptDir?: string;
  /** The host's lab accounts, shared by every process on the machine through their locks. */
  accounts: LabAccountPool;
  /** How many accounts the host has: the most labs it can run, warm engines included. */
  accountCount: number;
  /**
   * Engines starting at once to begin with (labStartsAtOnce); the host then starts as many as it starts in time
   * (start-gate.ts). All at once, unmeasured, unless given.
   */
  startsAtOnce?: number;
  /** LAB_LIMITS unless a test shortens them. */
  limits?: Partial<LabHostLimits>;
  /** The lab of a slug; content/labs unless a test says otherwise. */
  loadLab?: (slug: string) => Promise<Lab | undefined>;
  log?: (line: string) => void;
}

/** The lab host (../hosts/host.ts): at each beat it claims the queued labs it has room for. */
export interface LabHost extends Host {
  /** Claims queued labs it has room for, oldest first (called at each heartbeat: missed NOTIFYs, freed room). */
  poll(): Promise<void>;
  /** Labs this runner serves now, starting ones included. */
  readonly active: number;
  /** The most labs this host can run at once: its accounts. */
  readonly capacity: number;
  /** Engines kept ready for the next learners. */
  readonly warm: number;
  /**
   * Stops taking labs and stops the warm engines. The labs it serves are kept and go back to the queue for the next
   * host (kept labs on), or close (telling each learner why).
   */
  stop(reason?: string): Promise<void>;
  /**
   * Keeps the labs a dead runner process left in `labsDir` (their learners' sessions go back to the queue and
   * resume) and removes the rest of them; answers how many labs were there.
   */
  adoptLeftovers(labsDir: string): Promise<number>;
}

/**
 * Why this machine cannot run labs, or undefined when it can: root (for the labs' cgroups, mounts and accounts),
 * Debian's rootlesskit, bubblewrap, socat, dnsmasq, nano (the learners' editor) and skopeo with the lab accounts
 * (scripts/labs/ensure-lab-host.sh), the host's Python for the terminals, and Dockyard's own engine packages, which
 * every lab's engine runs.
 */
export async function labHostProblem(engineDir: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "the runner is not root";
  for (const program of [
    "/usr/bin/rootlesskit",
    "/usr/bin/bwrap",
    "/usr/bin/python3",
    "/usr/bin/socat",
    "/usr/sbin/dnsmasq",
    "/usr/bin/nano",
    "/usr/bin/skopeo",
  ])
    if (!existsSync(program)) return `${program} is missing (run scripts/labs/ensure-lab-host.sh)`;
  if (!existsSync(path.join(engineDir, "dist")))
    return `Dockyard's own engine is not installed in ${engineDir} (scripts/engine/install-engine.sh)`;
  if ((await listLabAccounts()).length === 0) return "there are no lab accounts (run scripts/labs/ensure-lab-host.sh)";
  return undefined;
}

/** A lab's note (served-lab.ts LabNote), read back from a folder a dead runner left. */
const labNoteSchema = z.object({ sessionId: z.string(), account: z.string() });

/** Queued labs looked at per pass; more wait for the next pass, which comes as soon as one is claimed. */
const CLAIM_BATCH = 20;

/**
 * The runner's side of labs. It listens on SESSION_CONTROL_CHANNEL over a connection of its own: a request makes it
 * look for queued labs, oldest first, and claim each it has room for (moveSession makes exactly one host win); input,
 * resizes, close requests and previews go to the labs it serves, and every other host ignores them. Room is a warm
 * engine or a free host account; a lab with neither waits queued for the next pass (at each heartbeat, and whenever
 * a lab here ends), which is the queue the web app shows its position in.
 */
export async function startLabHost(opts: LabHostOptions): Promise<LabHost> {
  const limits: LabHostLimits = { ...LAB_LIMITS, ...opts.limits };
  const log = opts.log ?? ((line: string) => console.log(`[lab] ${line}`));
  const { db } = opts;
  const labs = new Map<string, ServedLab>();
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const seeds =
    opts.seedDir === undefined
      ? undefined
      : new LabSeeds({
          dir: opts.seedDir,
          host: opts.host,
          limits,
          imageCacheDir: opts.imageCacheDir,
          images: LAB_IMAGES,
          log,
        });
  const setup: EngineSetup = {
    host: opts.host,
    accounts: opts.accounts,
    limits,
    imageCacheDir: opts.imageCacheDir,
    seeds,
    starts:
      opts.startsAtOnce === undefined
        ? undefined
        : new StartGate({
            initial: opts.startsAtOnce,
            max: Math.max(1, opts.accountCount),
            onTurnFree: () => schedulePoll(),
          }),
  };
  /**
   * A queued lab found no room at the last pass. Seeds wait for it, and for engines starting: a seal never takes an
   * account a lab could have, nor the disk and CPU of a class's rush of starts.
   */
  let waiting = false;
  const seed = () => void seeds?.fill(opts.accounts, () => waiting || stopped || setup.starts?.busy === true);
  const context: LabContext = {
    db,
    setup,
    limits,
    loadLab: opts.loadLab ?? ((slug) => loadLab(slug).catch(() => undefined)),
    log,
  };

  const kept =
    opts.keptDir === undefined
      ? undefined
      : new KeptDisks({ dir: opts.keptDir, db, accounts: await listLabAccounts(), log });
  context.kept = kept;

  /**
   * A lab a dead runner left is kept as its learner would have had it at a close, and its session, if still live,
   * goes back to the queue, where a host resumes it and the learner's page reconnects. The account it ran as is
   * held meanwhile, so no new lab starts as it while the old engine shuts down.
   */
  const keepLeftover = async (left: LeftoverLab) => {
    if (!kept) return;
    const note = labNoteSchema.parse(JSON.parse(left.note));
    const all = await listLabAccounts();
    const account = all.find((a) => a.user === note.account);
    if (!account) return;
    const lock = new LabAccountPool(all);
    const held = await lock.take((a) => a.user === account.user);
    try {
      const fate = await kept.keep(note.sessionId, account, left.seal);
      const ending = keptLabEnding({ to: "queued", reason: LAB_CLOSE_REASONS.runnerStopping() }, fate, (s) => s);
      const moved = await moveSession(db, note.sessionId, ending);
      const what = `${fate.kept ? "kept" : "not kept"}, ${moved.moved ? ending.to : "ended already"}`;
      log(`lab ${note.sessionId} a dead runner left: ${what}`);
    } finally {
      if (held) await lock.give(held);
    }
  };
  const adoptLeftovers = async (labsDir: string) => {
    const found = await removeLeftoverLabs({ ...opts.host, labsDir }, new Set(), keepLeftover);
    if (found.length > 0) log(`took over ${found.length} lab(s) a previous runner process left in ${labsDir}`);
    return found.length;
  };
  // What a dead life of this runner left: kept and requeued first, then sessions still claimed by it are closed.
  await adoptLeftovers(opts.host.labsDir);
  await closeOrphans(db, "lab", opts.runnerId, LAB_CLOSE_REASONS.runnerStopping());

  /**
   * A warm engine, else a free account; undefined when the host runs as many labs as it has accounts. A lab that
   * resumes kept work needs an account (the one that kept it, where free: its files need no shift); a warm engine
   * is stopped to free one if it must.
   */
  const room = async (sessionId: string): Promise<LabRoom | undefined> => {
    const keptAs = kept && (await keptLabAccountFor(db, sessionId));
    // An engine to start, and the host starts as many as it can in time already: the lab waits in the queue, where
    // its learner sees a true position, rather than claimed and starting for minutes behind the others.
    const mustStart = keptAs || pool.ready === 0;
    if (mustStart && setup.starts && !setup.starts.roomForLearner) return undefined;
    if (keptAs) {
      const account =
        (await opts.accounts.take((a) => a.user === keptAs)) ??
        (await opts.accounts.take()) ??
        (await pool.take().then(async (warm) => {
          await warm?.release();
          return warm && opts.accounts.take((a) => a.user === warm.engine.account.user);
        }));
      return account ? { kind: "account", account } : undefined;
    }
    const held = await pool.take();
    if (held) return { kind: "warm", held };
    const account = await opts.accounts.take();
    return account ? { kind: "account", account } : undefined;
  };
  const giveBack = async (r: LabRoom) => {
    if (r.kind === "warm") pool.putBack(r.held);
    else await opts.accounts.give(r.account);
  };

  /** Claims one queued lab; false when there was no room for it. */
  const claim = async (sessionId: string): Promise<boolean> => {
    if (stopped || labs.has(sessionId)) return true;
    const r = await room(sessionId);
    if (!r) return false;
    // Its start's turn is kept from this moment: the next claim of this pass sees it taken.
    if (r.kind === "account") setup.starts?.reserve(r.account.user);
    const claimed = await claimSession(db, sessionId, opts.runnerId, log);
    if (!claimed || stopped) {
      // Another host won it (or this one is stopping): the room waits for the next lab.
      if (claimed) await moveSession(db, sessionId, { to: "closed", reason: LAB_CLOSE_REASONS.runnerStopping() });
      if (r.kind === "account") setup.starts?.unreserve(r.account.user);
      await giveBack(r);
      return true;
    }
    const lab = new ServedLab(context, sessionId, r, () => {
      labs.delete(sessionId);
      // Its account is free again: the warm pool refills, and a queued lab may take the room.
      pool.fill();
      schedulePoll();
    });
    labs.set(sessionId, lab);
    log(`lab ${sessionId}: claimed, ${r.kind === "warm" ? "on a warm engine" : "starting an engine"}`);
    lab.begin();
    pool.fill();
    return true;
  };

  // Passes never overlap: one claims at a time, so two passes never take two rooms for one lab.
  let passing: Promise<void> | undefined;
  let again = false;
  const pass = async () => {
    const q = typedSql(db).selectFrom("sandbox_session").select("id");
    const queued = q
      .where((w) => w.and({ kind: "lab", status: "queued" }))
      .orderBy("createdAt")
      .orderBy("id")
      .limit(CLAIM_BATCH);
    for (const { id } of await queued.execute())
      if (stopped || !(await claim(id))) {
        waiting = true;
        return;
      }
    waiting = false;
    // Closed under this host (a sweep, or by hand): the engine need not run for nobody.
    const served = [...labs.keys()];
    if (served.length === 0) return;
    const closed = await q.where("id", "in", served).where("status", "=", "closed").execute();
    for (const { id } of closed) void labs.get(id)?.close(LAB_CLOSE_REASONS.closedByYou());
  };
  const poll = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (passing) {
      again = true;
      return passing;
    }
    passing = pass().finally(() => {
      passing = undefined;
      if (again) {
        again = false;
        schedulePoll();
      }
    });
    return passing;
  };
  const schedulePoll = () => {
    poll().catch((err: Error) => log(`looking for queued labs failed: ${err.message}`));
  };

  const pool = new WarmPool({ setup, size: limits.warmPool, images: LAB_IMAGES, onReady: schedulePoll, log });

  const listener = await listenForSessions({
    kind: "lab",
    url: opts.databaseUrl,
    served: labs,
    onRequest: schedulePoll,
    onReconnect: poll,
    log,
  });
  await poll();
  pool.fill();
  seed();

  return {
    kind: "lab",
    poll,
    async tick() {
      await poll();
      seed();
      await kept?.sweep();
    },
    async adoptLeftovers(labsDir) {
      const found = await adoptLeftovers(labsDir);
      // Their sessions are queued again: this host may claim them now.
      if (found > 0) schedulePoll();
      return found;
    },
    load: () => ({ capacity: opts.accountCount, active: labs.size }),
    get active() {
      return labs.size;
    },
    capacity: opts.accountCount,
    get warm() {
      return pool.held;
    },
    stop(reason = LAB_CLOSE_REASONS.runnerStopping()) {
      stopping ??= (async () => {
        stopped = true;
        await listener.close();
        await passing?.catch(() => undefined);
        // Kept labs on: each lab is kept and its session queued for the next host (a deploy, a restart).
        await Promise.all([...labs.values()].map((lab) => lab.close(reason, { requeue: kept !== undefined })));
        await Promise.all([pool.stop(), seeds?.stop()]);
        // Empty now; a runner under another name next time would never look in it.
        await rmdir(opts.host.labsDir).catch(() => undefined);
      })();
      return stopping;
    },
  };
}
