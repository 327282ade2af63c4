import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { engineClient } from "../../sandbox-runner/docker/engine";
import type { PartSpec, RunningPart } from "./supervised-part";

/** Must match DOCKYARD_ENGINE_PIDFILE in scripts/engine/engine-env.sh. */
const ENGINE_PIDFILE = "/run/dockyard-engine/dockerd.pid";
const POLL_MS = 500;
/** How long stopping waits for the engine to kill its containers before it signals dockerd anyway. */
const CONTAINER_KILL_MS = 1_500;

/**
 * Dockyard's own Docker engine, when `npm start` started it (DOCKYARD_ENGINE_PID). dockerd runs in a session of its
 * own (scripts/ensure-docker.sh), so it is no child of the supervisor: it is watched by its process id, and started
 * again the way `npm start` started it. The first start adopts the daemon that is already there.
 */
export function ownEngine(opts: { root: string; pid: number }): PartSpec {
  let adopt: number | undefined = opts.pid;
  let ensuring: ChildProcess | undefined;
  return {
    name: "engine",
    title: "the Docker engine",
    async start(output): Promise<RunningPart> {
      const named =
        adopt ??
        (await ensureDocker(opts.root, output, (child) => {
          ensuring = child;
        }).finally(() => {
          ensuring = undefined;
        }));
      adopt = undefined;
      // The engine's own pidfile has the last word: the id a script saw may be a wrapper's that exec'ed dockerd.
      const pid = isDockerd(named) ? named : pidfileDockerd();
      if (pid === undefined) throw new Error(`no dockerd runs (neither process ${named} nor ${ENGINE_PIDFILE}'s)`);
      return watchDockerd(pid);
    },
    // A dockerd it had already started outlives it; `npm start`'s exit trap stops that one (stop-docker.sh).
    cancelStart: () => ensuring?.kill("SIGTERM"),
  };
}

function watchDockerd(pid: number): RunningPart {
  const signal = (name: NodeJS.Signals) => {
    // Never signal a stranger: the id may have been recycled since dockerd died.
    if (isDockerd(pid)) process.kill(pid, name);
  };
  const exited = new Promise<string>((resolve) => {
    const poll = setInterval(() => {
      if (isDockerd(pid)) return;
      clearInterval(poll);
      resolve(`dockerd, process ${pid}, is gone`);
    }, POLL_MS);
  });
  // dockerd gives each running container 10 s to stop on SIGTERM, and the package mirror (python as PID 1)
  // ignores SIGTERM: the containers are killed first, so the daemon itself stops in about a second.
  const requestStop = () => void killContainers().finally(() => signal("SIGTERM"));
  return { pid, exited, requestStop, kill: () => signal("SIGKILL") };
}

/**
 * Stops every running container at once (`stop` with no grace, so a restart policy does not bring it back while
 * the daemon goes down; the runner starts the package mirror again on its next start). Best effort, bounded.
 */
async function killContainers(): Promise<void> {
  const docker = engineClient();
  const killing = docker
    .listContainers()
    .then((running) => Promise.allSettled(running.map((c) => docker.getContainer(c.Id).stop({ t: 0 }))));
  // An engine that does not answer is stopped by its signal alone.
  await Promise.race([killing.catch(() => undefined), sleep(CONTAINER_KILL_MS)]);
}

/** Runs scripts/ensure-docker.sh, as `npm start` does, and answers the id of the dockerd that answers now. */
function ensureDocker(
  root: string,
  output: (line: string) => void,
  onSpawn: (child: ChildProcess) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["scripts/ensure-docker.sh"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    onSpawn(child);
    let started: number | undefined;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^DOCKYARD_STARTED_DOCKERD=(\d+)$/.exec(line);
      if (match) started = Number(match[1]);
    });
    createInterface({ input: child.stderr! }).on("line", (line) => output(line));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`scripts/ensure-docker.sh failed (code ${code})`));
      // Nothing printed: another caller had started the engine meanwhile; that daemon is the one to watch.
      resolve(started ?? pidfileDockerd() ?? 0);
    });
  });
}

/** The dockerd the engine's pidfile names, if that one runs. */
function pidfileDockerd(): number | undefined {
  try {
    const pid = Number(readFileSync(ENGINE_PIDFILE, "utf8").trim());
    return isDockerd(pid) ? pid : undefined;
  } catch {
    // No pidfile: no engine was started here.
    return undefined;
  }
}

/** Whether `pid` is a live dockerd (a zombie waiting for its parent counts as dead). */
function isDockerd(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "<pid> (<comm>) <state> …"; comm may hold spaces, so read around the parentheses.
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return comm === "dockerd" && state !== "Z";
  } catch {
    // No such process.
    return false;
  }
}
