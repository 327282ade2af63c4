import type { HostKind } from "../core/lib";

/** What a host tells the heartbeat: the sessions (or jobs) it can hold at once, and holds now. */
export interface HostLoad {
  capacity: number;
  active: number;
}

/**
 * One kind of work a runner process does with learners' code: grading jobs, shells, or labs. Each is started on
 * the runner's core (./runner-core.ts: engine, database, heartbeat, reaper) and shares nothing else with
 * the others, so a process runs any set of them (RUNNER_HOSTS) and a machine can be given only the kind it is
 * sized for.
 */
export interface Host {
  readonly kind: HostKind;
  load(): HostLoad;
  /**
   * At each beat: picks up the work a missed NOTIFY left waiting, and tidies what is the host's own; with `sweep`
   * (the runner has beaten without a miss for a whole lease, and still takes work) it may also take over what dead
   * runners left of its kind.
   */
  tick(beat: { sweep: boolean }): Promise<void>;
  /** Stops taking work and ends what it holds: sessions are closed (their learners told why), jobs finished. */
  stop(): Promise<void>;
}
