import { readFileSync } from "node:fs";
import os from "node:os";
import { SHELL_LIMITS } from "../core/lib";
import { BUILD_LIMITS, RUN_LIMITS } from "../limits";

const GIB = 1024 ** 3;
/** What the runner process, its engine and the machine's own services keep for themselves. */
const HELD_BACK = { cores: 1, memoryBytes: GIB };

/** What a host's capacity is derived from. */
export interface Machine {
  cores: number;
  memoryBytes: number;
}

/**
 * This machine as this process may use it: its cores and memory, each lowered to the limits of the cgroup it runs
 * in (a container's or a pod's `cpu` and `memory` limits; cgroup v2, or v1's cpu and memory controllers), which the
 * machine's own figures do not show.
 */
export function measureMachine(read: (file: string) => string | undefined = readSmall): Machine {
  const limits = cgroupLimits(read);
  return {
    cores: Math.min(os.availableParallelism(), limits.cores ?? Number.POSITIVE_INFINITY),
    memoryBytes: Math.min(os.totalmem(), limits.memoryBytes ?? Number.POSITIVE_INFINITY),
  };
}

/** The CPU quota (in cores, rounded down, at least one) and memory limit of this process's cgroup, where set. */
export function cgroupLimits(read: (file: string) => string | undefined): Partial<Machine> {
  const lines = (read("/proc/self/cgroup") ?? "").split("\n");
  const pathOf = (controller: string) =>
    lines
      .map((line) => line.split(":"))
      .find(([, controllers]) => controllers === controller || controllers?.split(",").includes(controller))?.[2];
  const number = (text: string | undefined) => {
    const value = Number(text?.trim());
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const quota = (perPeriod: number | undefined, period: number | undefined) =>
    perPeriod && period ? Math.max(1, Math.floor(perPeriod / period)) : undefined;
  const unified = pathOf("");
  if (unified !== undefined && read(`/sys/fs/cgroup${unified}/cgroup.controllers`) !== undefined) {
    const [max, period] = (read(`/sys/fs/cgroup${unified}/cpu.max`) ?? "").trim().split(" ");
    return {
      cores: quota(number(max), number(period)),
      memoryBytes: number(read(`/sys/fs/cgroup${unified}/memory.max`)),
    };
  }
  const cpu = pathOf("cpu");
  const memory = pathOf("memory");
  const cpuDir = cpu === undefined ? undefined : `/sys/fs/cgroup/cpu${cpu === "/" ? "" : cpu}`;
  const memoryDir = memory === undefined ? undefined : `/sys/fs/cgroup/memory${memory === "/" ? "" : memory}`;
  // v1 writes "no limit" as a huge number (the largest page-aligned 64-bit value); anything above the machine's
  // memory is no limit either, which the caller's minimum takes care of.
  return {
    cores:
      cpuDir === undefined
        ? undefined
        : quota(number(read(`${cpuDir}/cpu.cfs_quota_us`)), number(read(`${cpuDir}/cpu.cfs_period_us`))),
    memoryBytes: memoryDir === undefined ? undefined : number(read(`${memoryDir}/memory.limit_in_bytes`)),
  };
}

function readSmall(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").slice(0, 4096);
  } catch {
    return undefined;
  }
}

/**
 * Gradings at once for RUNNER_CONCURRENCY=auto: as many as the machine has cores to give a build (each uses up to
 * one CPU) and memory to give a build and a run of its image at their limits, after what is held back; at least one.
 * A 2-core, 24 GiB machine grades one at a time; a 16-core, 64 GiB one, fifteen.
 */
export function gradingConcurrency(machine: Machine): number {
  const byCores = Math.floor((machine.cores - HELD_BACK.cores) / BUILD_LIMITS.cpus);
  const perJob = BUILD_LIMITS.memoryBytes + RUN_LIMITS.memoryBytes;
  const byMemory = Math.floor((machine.memoryBytes - HELD_BACK.memoryBytes) / perJob);
  return Math.max(1, Math.min(byCores, byMemory));
}

/**
 * Shells at once: SHELL_LIMITS.perRunner, fewer where the memory cannot hold that many at their limit. A shell is
 * mostly idle (a learner reading and typing), so its half CPU is not counted.
 */
export function shellCapacity(machine: Machine): number {
  const byMemory = Math.floor((machine.memoryBytes - HELD_BACK.memoryBytes) / SHELL_LIMITS.memoryBytes);
  return Math.max(1, Math.min(SHELL_LIMITS.perRunner, byMemory));
}

/**
 * Labs a core carries while their learners mostly type and read: 22 on 2 cores measured, started from seeds one a
 * core at a time, with keystrokes p95 under 150 ms while 4 gradings ran (docs/deploy.md, bench/README.md).
 */
const LABS_PER_CORE = 11;
/** What an active lab is given in the sizing rule (an idle one uses about 42 MiB; each may grow to its limit). */
const MEMORY_PER_LAB = 1024 ** 3;

/**
 * Labs at once, warm engines included: the machine's lab accounts (each lab runs as one), fewer where its cores or
 * memory carry fewer by the sizing rule of docs/deploy.md.
 */
export function labCapacity(machine: Machine, accounts: number): number {
  const byCores = machine.cores * LABS_PER_CORE;
  const byMemory = Math.floor((machine.memoryBytes - HELD_BACK.memoryBytes) / MEMORY_PER_LAB);
  return Math.max(0, Math.min(accounts, byCores, byMemory));
}

/**
 * Lab engines starting at once: one a core. More at once finish no sooner on the whole and starve the labs already
 * open: on 2 cores, 21 at once gave keystrokes p95 0.8 s during the rush, 4 at once 0.2-0.4 s, 2 at once 0.1-0.2 s
 * (bench/README.md, "A class at once").
 */
export function labStartsAtOnce(machine: Machine): number {
  return Math.max(1, machine.cores);
}
