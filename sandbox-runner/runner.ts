import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { closeStrandedSessions, HOST_KINDS, type HostKind, runnerTiming } from "./core/lib";
import { engineProblem } from "./engine-comes-back";
import { beat, type RunnerIdentity } from "./heartbeat";
import { type Machine, measureMachine, shellCapacity } from "./hosts/capacity";
import { gradingQueues, gradingReapRules, startGradingHost } from "./hosts/grading";
import type { Host } from "./hosts/host";
import { type LabsOptions, startLabsHost } from "./hosts/labs";
import { openRunnerCore } from "./hosts/runner-core";
import { buildNetworkProblem } from "./images/package-mirror";
import type { ReapRules } from "./reaper";
import { shellReapRules, startShellHost } from "./shell/shell-host";

export interface RunnerOptions {
  databaseUrl: string;
  concurrency: number;
  gpus: number;
  id?: string;
  /** RUNNER_HOSTS: the hosts this process runs; all three unless given. */
  hosts?: readonly HostKind[];
  /** RUNNER_LABS for the lab host; off unless given, so a test's runners never start lab engines. */
  labs?: "auto" | "on" | "off";
  /** Where the lab host keeps labs and their images, when a test gives folders of its own. */
  labFolders?: Omit<LabsOptions, "mode" | "machine">;
  /** What the shell and lab hosts size themselves by; this machine as measured unless a test says otherwise. */
  machine?: Machine;
  log?: (line: string) => void;
}

export interface RunningRunner {
  id: string;
  /** The hosts that started (a lab host on "auto" does not where the machine cannot run labs). */
  hosts: HostKind[];
  /** Closes its shells and labs, stops claiming jobs, waits for the ones in hand, then closes connections. */
  stop(): Promise<void>;
}

/**
 * A runner process: the core (./hosts/runner-core.ts) and the hosts RUNNER_HOSTS names on it, the same program on
 * every machine. Its heartbeat advertises what the hosts hold, and is the lease of everything they hold; while it
 * beats, the runner also sweeps for the sessions of runners that died, and its hosts for the rest of what is theirs.
 */
export async function startRunner(opts: RunnerOptions): Promise<RunningRunner> {
  const log = opts.log ?? ((line: string) => console.log(`[runner] ${line}`));
  const kinds = new Set(opts.hosts ?? HOST_KINDS);
  const machine = opts.machine ?? measureMachine();
  const grades = kinds.has("grade");
  const id = opts.id ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  // The reaper knows only the resources of the hosts this runner runs; others' are judged by runner and age.
  const rules = [grades && gradingReapRules, kinds.has("shell") && shellReapRules].filter((r) => r !== false);
  const core = await openRunnerCore({
    id,
    databaseUrl: opts.databaseUrl,
    poolSize: 4 + (grades ? opts.concurrency : 0),
    reapRules: (db, engineId) => Object.assign({}, ...rules.map((r) => r(db, engineId))) as ReapRules,
    log,
  });
  const { db, docker } = core;
  const identity: RunnerIdentity = {
    id,
    hostname: hostname(),
    concurrency: grades ? opts.concurrency : 0,
    gpus: grades ? opts.gpus : 0,
    queues: grades ? gradingQueues(opts.gpus) : [],
    engineId: core.engineId,
  };
  const hosts: Host[] = [];
  let state: "running" | "draining" = "running";
  // The engine's state as the last beat saw it: `/api/health` reports it, and a change is logged once.
  let engine: string | undefined;
  const beatNow = async () => {
    const problem = await engineProblem(docker);
    if (problem !== engine)
      log(problem ? `the Docker engine does not answer: ${problem}` : "the Docker engine answers");
    engine = problem;
    const hostOf = (kind: HostKind) => hosts.find((h) => h.kind === kind);
    // With the engine away the mirror is too; that is the engine's problem to report.
    const buildNetwork = problem === undefined && grades ? buildNetworkProblem(docker) : undefined;
    await beat(db, identity, {
      state,
      hosts: hosts.map((h) => h.kind),
      activeJobs: hostOf("grade")?.load().active ?? 0,
      engineProblem: problem,
      buildNetworkProblem: buildNetwork,
      labs: hostOf("lab")?.load(),
      shells: hostOf("shell")?.load(),
    });
  };
  await beatNow();

  // Shells and labs first: a runner that grades starts claiming jobs last, once the rest of it is up.
  if (kinds.has("shell")) {
    const { databaseUrl, docker: engine, engineId } = core;
    const limits = { perRunner: shellCapacity(machine) };
    const shellDb = core.pool("shell");
    hosts.push(await startShellHost({ databaseUrl, db: shellDb, docker: engine, runnerId: id, engineId, limits, log }));
  }
  if (kinds.has("lab") && (opts.labs ?? "off") !== "off") {
    const labs = await startLabsHost(core, { mode: opts.labs as "auto" | "on", machine, ...opts.labFolders });
    if (labs) hosts.push(labs);
  }
  if (grades) hosts.push(await startGradingHost(core, { concurrency: opts.concurrency, gpus: opts.gpus }));
  await beatNow();
  log(`${id} hosts ${hosts.map((h) => h.kind).join(", ") || "nothing"}`);

  // Every beat renews this runner's lease and, while it takes work, looks for runners whose lease ran out.
  let supervising: Promise<void> | undefined;
  // When the database comes back from an outage every runner's last beat is old, live ones included: sweeping then
  // would take jobs from runners that are fine. So this runner sweeps only after beating without a miss for a whole
  // lease, by which time every live runner has beaten too.
  let beatingSince: number | undefined = Date.now();
  const mayReclaim = () =>
    state === "running" &&
    beatingSince !== undefined &&
    Date.now() - beatingSince >= runnerTiming().leaseSeconds * 1000;
  const sweep = async () => {
    if (!mayReclaim()) return;
    const closed = await closeStrandedSessions(db);
    for (const { sessionId, kind, why } of closed) log(`${kind} ${sessionId} closed: ${why}`);
    // A dead runner's containers go now, not at the next periodic pass.
    if (closed.some((c) => c.why === "runner-dead")) void core.reapNow();
  };
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
      .then(async () => {
        const beat = { sweep: mayReclaim() };
        for (const host of hosts) await host.tick(beat);
      })
      .then(sweep)
      .catch((err) => log(`lease sweep failed: ${(err as Error).message}`))
      .finally(() => (supervising = undefined));
  }, runnerTiming().heartbeatSeconds * 1000);

  return {
    id,
    hosts: hosts.map((h) => h.kind),
    async stop() {
      // Sessions first: their learners are told the runner is restarting, and their containers go.
      await Promise.all(hosts.filter((h) => h.kind !== "grade").map((h) => h.stop()));
      await core.stopReaping();
      // The heartbeat goes on while the jobs in hand finish: it is their lease, and another runner would take them
      // over if it stopped.
      state = "draining";
      await supervising;
      await beatNow().catch((err) => log(`heartbeat failed: ${(err as Error).message}`));
      await Promise.all(hosts.filter((h) => h.kind === "grade").map((h) => h.stop()));
      clearInterval(heartbeat);
      await supervising;
      await beat(db, identity, { state: "stopped", hosts: [], activeJobs: 0 }).catch((err) =>
        log(`heartbeat failed: ${(err as Error).message}`),
      );
      await core.close();
    },
  };
}
