import { randomUUID } from "node:crypto";
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import pg from "pg";
import type PgBoss from "pg-boss";
import { engineClient } from "./docker/engine";
import { engineProblem, untilEngineAnswers } from "./engine-comes-back";
import { handleGradeJob, markError } from "./handle-job";
import { beat, type RunnerIdentity } from "./heartbeat";
import {
  buildNetworkProblem,
  ensurePackageMirror,
  ensurePackageMirrorRoute,
  type PackageMirrorRoute,
} from "./images/package-mirror";
import { holdLock, LabAccountPool, listLabAccounts } from "./labs/lab-accounts";
import { removeLeftoverLabs } from "./labs/lab-engine";
import { type LabHost, labHostProblem, startLabHost } from "./labs/lab-host";
import { type ReclaimedJob, reclaimExpiredLeases, runnerDead } from "./lease";
import { asRunner } from "./owner-labels";
import { reap } from "./reaper";
import {
  closeStrandedLabs,
  closeStrandedShells,
  env,
  gradeJobSchema,
  pruneClosedLabOutput,
  pruneClosedShellOutput,
  QUEUES,
  runnerTiming,
  type StrandedShell,
  startBoss,
} from "./shared";
import { keptImageRules, shellSessionLive } from "./shell/kept-images";
import { startShellHost } from "./shell/shell-host";
import { submissionInFlight } from "./submission-in-flight";

const REAP_EVERY_MS = 5 * 60 * 1000;
const ENGINE_START_WAIT_MS = 2 * 60 * 1000;

export interface RunnerOptions {
  databaseUrl: string;
  concurrency: number;
  gpus: number;
  id?: string;
  /** RUNNER_LABS for a runner process; off unless given, so a test's runners never start lab engines. */
  labs?: "auto" | "on" | "off";
  log?: (line: string) => void;
}

export interface RunningRunner {
  id: string;
  /** Closes its shells and labs, stops claiming jobs, waits for the ones in hand, then closes connections. */
  stop(): Promise<void>;
}

/**
 * A runner is a loop over pg-boss jobs: the same program on every machine,
 * scaled by starting more of them. CPU runners work grade-cpu; runners with
 * GPUs also work grade-gpu. Each also serves shells in the images kept on its engine (./shell/), and labs when
 * its machine can run them (./labs/).
 */
export async function startRunner(opts: RunnerOptions): Promise<RunningRunner> {
  const log = opts.log ?? ((line: string) => console.log(`[runner] ${line}`));
  const db = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 + opts.concurrency });
  db.on("error", (err) => log(`idle database connection lost: ${err.message}`));
  const docker = engineClient();
  // A runner restarted together with its engine (a supervisor bringing both back) waits for the engine a while.
  if (!(await untilEngineAnswers(docker, { giveUpAfterMs: ENGINE_START_WAIT_MS }))) {
    throw new Error(
      `the Docker engine did not answer within ${ENGINE_START_WAIT_MS / 1000} s: ${await engineProblem(docker)}`,
    );
  }
  // Images are kept, and shells served, per engine: runners sharing an engine share its kept images.
  const engineId = (await docker.info()).ID as string;
  const boss = await startBoss(opts.databaseUrl, { supervise: true });

  const queues: string[] = [QUEUES.cpu, ...(opts.gpus > 0 ? [QUEUES.gpu] : [])];
  const identity: RunnerIdentity = {
    id: opts.id ?? `${hostname()}-${randomUUID().slice(0, 8)}`,
    hostname: hostname(),
    concurrency: opts.concurrency,
    gpus: opts.gpus,
    queues,
    engineId,
  };
  let active = 0;
  let state: "running" | "draining" = "running";
  // Set once the lab host runs; the beats before it advertise no labs.
  let labHost: LabHost | undefined;
  // The engine's state as the last beat saw it: `/api/health` reports it, and a change is logged once.
  let engine: string | undefined;
  const beatNow = async () => {
    const problem = await engineProblem(docker);
    if (problem !== engine)
      log(problem ? `the Docker engine does not answer: ${problem}` : "the Docker engine answers");
    engine = problem;
    const labs = labHost && { capacity: labHost.capacity, active: labHost.active };
    // With the engine away the mirror is too; that is the engine's problem to report.
    const buildNetwork = problem === undefined ? buildNetworkProblem(docker) : undefined;
    await beat(db, identity, {
      state,
      activeJobs: active,
      engineProblem: problem,
      buildNetworkProblem: buildNetwork,
      labs,
    });
  };
  await beatNow();
  // Builds reach the package mirror and nothing else; without it pip installs would fail. Labs reach it by relay.
  const mirror = await ensurePackageMirrorRoute(docker);
  const context = {
    id: identity.id,
    gpus: opts.gpus,
    buildNetwork: () => ensurePackageMirror(docker),
    keepImages: { engineId },
  };
  // Shells write through a pool of their own: a shell printing as fast as it can never delays a grading's writes.
  const shellDb = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 });
  shellDb.on("error", (err) => log(`idle shell database connection lost: ${err.message}`));
  const shells = await startShellHost({
    databaseUrl: opts.databaseUrl,
    db: shellDb,
    docker,
    runnerId: identity.id,
    engineId,
    log,
  });
  const labDb = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 });
  labDb.on("error", (err) => log(`idle lab database connection lost: ${err.message}`));
  const labsStarted = await startLabs(opts.labs ?? "off", opts.databaseUrl, labDb, identity.id, mirror, log);
  const labs = labsStarted?.host;
  const labsSweep = labsStarted?.sweep;
  labHost = labs;
  let reaping: Promise<void> | undefined;
  const reapNow = () => {
    // One pass at a time: the lease sweep may ask while the periodic pass is still going.
    reaping ??= reap(docker, {
      isInFlight: submissionInFlight(db),
      isRunnerDead: runnerDead(db),
      keptImages: keptImageRules(db, engineId),
      isShellLive: shellSessionLive(db),
      log,
    })
      // Shells' output is kept only a while after they close; each runner's periodic pass does the pruning.
      .then(async (r) => {
        await pruneClosedShellOutput(db);
        await pruneClosedLabOutput(db);
        const total = r.containers + r.shells + r.images + r.networks + r.volumes;
        if (total > 0 || r.prunedBytes > 0)
          log(`reaper removed ${total} leftover resource(s), ${Math.round(r.prunedBytes / 1e6)} MB of step images`);
      })
      .catch((err) => log(`reaper failed: ${(err as Error).message}`))
      .finally(() => (reaping = undefined));
    return reaping;
  };
  const reclaimed = (jobs: ReclaimedJob[]) => {
    for (const job of jobs) {
      const where = job.retried ? "back to" : "out of";
      log(`${job.submissionId}: runner ${job.runnerId} is dead, its job goes ${where} the queue`);
    }
    // The dead runner's containers and images go now, not at the next periodic pass.
    if (jobs.length > 0) void reapNow();
  };
  const closedShells = (closed: StrandedShell[]) => {
    for (const shell of closed) log(`shell ${shell.sessionId} closed: ${shell.why}`);
    // A dead runner's shell containers go now.
    if (closed.some((s) => s.why === "runner-dead")) void reapNow();
  };
  const closedLabs = (closed: string[]) => {
    for (const id of closed) log(`lab ${id} closed: its lab host stopped beating`);
  };
  // At start: the jobs and resources a killed predecessor left behind.
  reclaimed(await reclaimExpiredLeases(db, boss, { restartedAs: identity.id }));
  await reapNow();
  const reaper = setInterval(reapNow, REAP_EVERY_MS);
  // Every beat renews this runner's lease and, while it takes jobs, looks for runners whose lease ran out.
  let supervising: Promise<void> | undefined;
  // When the database comes back from an outage every runner's last beat is old, live ones included: sweeping then
  // would take jobs from runners that are fine. So this runner sweeps only after beating without a miss for a whole
  // lease, by which time every live runner has beaten too.
  let beatingSince: number | undefined = Date.now();
  const mayReclaim = () =>
    state === "running" &&
    beatingSince !== undefined &&
    Date.now() - beatingSince >= runnerTiming().leaseSeconds * 1000;
  const heartbeat = setInterval(() => {
    supervising ??= beatNow()
      .then(
        () => {
          beatingSince ??= Date.now();
        },
        (err) => {
          beatingSince = undefined;
          log(`heartbeat failed: ${(err as Error).message}`);
        },
      )
      // A request whose NOTIFY this runner missed (a reconnect) is found here.
      .then(() => shells.poll())
      .then(() => labs?.poll())
      .then(() => (mayReclaim() ? reclaimExpiredLeases(db, boss).then(reclaimed) : undefined))
      .then(() => (mayReclaim() ? closeStrandedShells(db).then(closedShells) : undefined))
      .then(() => (mayReclaim() ? closeStrandedLabs(db).then(closedLabs) : undefined))
      .then(() => labsSweep?.())
      .catch((err) => log(`lease sweep failed: ${(err as Error).message}`))
      .finally(() => (supervising = undefined));
  }, runnerTiming().heartbeatSeconds * 1000);

  const workerIds = await startWorkers(boss, queues, opts.concurrency, async (submissionId) => {
    active++;
    try {
      log(`grading ${submissionId}`);
      // Every container and image the job creates is labelled with this runner, for the reaper.
      await asRunner(identity.id, () => handleGradeJob(db, docker, context, submissionId));
    } finally {
      active--;
    }
  });
  workerIds.push(
    await boss.work<{ submissionId: string }>(QUEUES.dead, async ([job]) => {
      const { submissionId } = gradeJobSchema.parse(job?.data);
      await markError(
        db,
        submissionId,
        "Grading stopped repeatedly while handling this submission (the grader " +
          "restarted each time). It was not counted; please submit again.",
      );
    }),
  );
  log(`${identity.id} working ${queues.join(", ")} with concurrency ${opts.concurrency}`);

  return {
    id: identity.id,
    async stop() {
      // Shells and labs first: their learners are told the grader is restarting, and their containers go.
      await Promise.all([shells.stop(), labs?.stop()]);
      await labsStarted?.release();
      await shellDb.end();
      await labDb.end();
      clearInterval(reaper);
      await reaping;
      // The heartbeat goes on while the jobs in hand finish: it is their lease, and another runner would take them
      // over if it stopped.
      state = "draining";
      await supervising;
      await beatNow().catch((err) => log(`heartbeat failed: ${(err as Error).message}`));
      // graceful: let handlers in flight finish before pg-boss closes.
      await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
      clearInterval(heartbeat);
      await supervising;
      await beat(db, identity, { state: "stopped", activeJobs: 0 }).catch((err) =>
        log(`heartbeat failed: ${(err as Error).message}`),
      );
      await db.end();
    },
  };
}

/**
 * The lab host, when this runner's machine can run labs and RUNNER_LABS allows (docs/labs.md). Its labs live in a
 * folder of this runner's own below LABS_DIR, so what a dead previous life left there is its to remove.
 */
async function startLabs(
  mode: "auto" | "on" | "off",
  databaseUrl: string,
  db: pg.Pool,
  runnerId: string,
  mirror: PackageMirrorRoute,
  log: (line: string) => void,
): Promise<{ host: LabHost; sweep: () => Promise<void>; release: () => Promise<void> } | undefined> {
  if (mode === "off") return undefined;
  const settings = env();
  const engineDir = settings.DOCKYARD_ENGINE_HOME;
  const problem = await labHostProblem(engineDir);
  if (problem) {
    if (mode === "on") throw new Error(`RUNNER_LABS=on, but this machine cannot run labs: ${problem}`);
    log(`labs are off on this runner: ${problem}`);
    return undefined;
  }
  // The lab accounts pass through (never list) the labs' folders on the way to their own.
  const labsRoot = path.resolve(settings.LABS_DIR);
  await mkdir(labsRoot, { recursive: true, mode: 0o711 });
  await chmod(labsRoot, 0o711);
  const own = labsFolderOf(runnerId);
  // Held for this runner's life: while it is held, no other runner removes this runner's labs.
  const ownLockFile = path.join(labsRoot, `${own}.lock`);
  const ownLock = await holdLock(ownLockFile);
  if (!ownLock) throw new Error(`another runner on this machine already serves labs as ${runnerId}`);
  await removeDeadRunnersLabs(labsRoot, own, log);
  const accounts = await listLabAccounts();
  const host = await startLabHost({
    databaseUrl,
    db,
    runnerId,
    host: { labsDir: path.join(labsRoot, labsFolderOf(runnerId)), engineDir, mirror },
    imageCacheDir: path.resolve(settings.DATA_DIR, "lab-images"),
    accounts: new LabAccountPool(accounts),
    accountCount: accounts.length,
    log: (line) => log(`lab: ${line}`),
  });
  log(`serving labs: at most ${host.capacity} on this machine (its lab accounts), warm engines included`);
  return {
    host,
    sweep: () => removeDeadRunnersLabs(labsRoot, own, log),
    release: async () => {
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
 * Removes the labs that runners of this machine left when they died (a runner's default id is new at every start,
 * so its next life would not look in the old folder): nothing else would stop their engines, which still run as
 * accounts whose locks went with their runner. Each runner holds its folder's lock for its life, whichever database
 * it serves, so a folder whose lock can be taken belongs to no living runner.
 */
async function removeDeadRunnersLabs(labsRoot: string, own: string, log: (line: string) => void): Promise<void> {
  const folders = await readdir(labsRoot, { withFileTypes: true }).catch(() => []);
  for (const folder of folders) {
    if (!folder.isDirectory() || folder.name === own) continue;
    const lockFile = path.join(labsRoot, `${folder.name}.lock`);
    const release = await holdLock(lockFile);
    if (!release) continue;
    try {
      const labsDir = path.join(labsRoot, folder.name);
      const removed = await removeLeftoverLabs({ labsDir, engineDir: env().DOCKYARD_ENGINE_HOME }, new Set());
      await rm(labsDir, { recursive: true, force: true });
      log(
        `removed the labs folder of a dead runner, ${folder.name}${removed.length ? ` (${removed.length} labs)` : ""}`,
      );
    } finally {
      await rm(lockFile, { force: true });
      await release();
    }
  }
}

async function startWorkers(
  boss: PgBoss,
  queues: string[],
  concurrency: number,
  handle: (submissionId: string) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const queue of queues) {
    // pg-boss 10 has one job in flight per worker, so concurrency = number of workers.
    for (let i = 0; i < concurrency; i++) {
      ids.push(
        await boss.work<{ submissionId: string }>(
          queue,
          { batchSize: 1, pollingIntervalSeconds: 0.5 },
          async ([job]) => {
            const { submissionId } = gradeJobSchema.parse(job?.data);
            await handle(submissionId);
          },
        ),
      );
    }
  }
  return ids;
}
