import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";
import { isErrno, PlatformFault } from "../core/lib";
import { engineClient, engineShellEnv } from "../docker/engine";
import { findStaleImages, type StaleImage } from "./find-stale-images";

export interface EnsureBaseImagesOptions {
  log?: (line: string) => void;
  docker?: Docker;
  /**
   * Stops a seeding run under way (`npm start` stopping while it seeds in the background): the script and everything
   * it started (debootstrap, apt, docker) get SIGTERM, then SIGKILL; what it finished stays, the next run resumes.
   */
  signal?: AbortSignal;
  /** Only these seeded images (and those they are seeded on); every one when absent (findStaleImages). */
  only?: readonly string[];
}

export interface EnsureBaseImagesResult {
  /** The images that were missing or outdated; empty when nothing had to be done. */
  stale: StaleImage[];
  /** Whether this call ran seed/seed-base-images.sh (or joined a run already going in this process). */
  seeded: boolean;
}

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED_SCRIPT = fileURLToPath(new URL("./seed/seed-base-images.sh", import.meta.url));
const OUTPUT_TAIL_LINES = 40;
/** How long a stopped seeding run gets to tidy up (its EXIT trap removes work folders and helper containers). */
const STOP_GRACE_MS = 4_000;

let seeding: Promise<void> | undefined;

/**
 * Makes sure every base image and the package mirror image exist and are
 * current (see findStaleImages), seeding the others: a minute or two on a cold
 * machine (Debian downloads), seconds from the cache in DATA_DIR. Cheap when
 * all is in place: one inspect per image, no child process.
 */
export async function ensureBaseImages(opts: EnsureBaseImagesOptions = {}): Promise<EnsureBaseImagesResult> {
  const docker = opts.docker ?? engineClient();
  const stale = await findStaleImages(docker, opts.only);
  if (stale.length === 0) return { stale, seeded: false };

  const log = opts.log ?? (() => {});
  log(`seeding ${stale.map((s) => `${s.name} (${s.reason})`).join(", ")}`);
  // Callers in one process share a single seeding run (the first caller's signal stops it); the script's flock
  // covers callers in other processes.
  seeding ??= runSeedScript(log, opts.signal).finally(() => {
    seeding = undefined;
  });
  await seeding;
  return { stale, seeded: true };
}

function runSeedScript(log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    log(line);
  };

  return new Promise((resolve, reject) => {
    // A process group of its own when it may be stopped: bash runs its TERM trap only after the command in the
    // foreground (a debootstrap of minutes) ends, so the whole group is signalled.
    const child = spawn("bash", [SEED_SCRIPT], {
      cwd: REPO_ROOT,
      env: engineShellEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: signal !== undefined,
    });
    if (signal) stopOnAbort(child, signal);
    const streamsDone = Promise.all([forEachLine(child.stdout, onLine), forEachLine(child.stderr, onLine)]);

    child.once("error", (err) => {
      const message = `Could not run ${SEED_SCRIPT}: ${err.message}`;
      reject(new PlatformFault("docker", message, { cause: err, details: { script: SEED_SCRIPT } }));
    });
    child.once("close", (code, signal) => {
      // "close" can beat the last readline events; wait so the tail is complete.
      void streamsDone.then(() => {
        if (code === 0) return resolve();
        const status = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const message = `Seeding base images failed: ${SEED_SCRIPT} ${status}:\n${tail.join("\n")}`;
        reject(new PlatformFault("docker", message, { details: { script: SEED_SCRIPT, code, signal } }));
      });
    });
  });
}

function stopOnAbort(child: ChildProcess, signal: AbortSignal): void {
  const group = (sig: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, sig);
    } catch (err) {
      // ESRCH: the group is gone already, which is what stopping wants.
      if (!isErrno(err, "ESRCH")) throw err;
    }
  };
  const stop = () => {
    group("SIGTERM");
    const kill = setTimeout(() => group("SIGKILL"), STOP_GRACE_MS);
    child.once("close", () => clearTimeout(kill));
  };
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  child.once("close", () => signal.removeEventListener("abort", stop));
}

function forEachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", onLine);
  return new Promise((resolve) => lines.once("close", () => resolve()));
}
