import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";
import { engineClient, engineShellEnv } from "../docker/engine";
import { PlatformFault } from "../shared";
import { findStaleImages, type StaleImage } from "./find-stale-images";

export interface EnsureBaseImagesOptions {
  log?: (line: string) => void;
  docker?: Docker;
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

let seeding: Promise<void> | undefined;

/**
 * Makes sure every base image and the package mirror image exist and are
 * current (see findStaleImages), seeding the others: a minute or two on a cold
 * machine (Debian downloads), seconds from the cache in DATA_DIR. Cheap when
 * all is in place: one inspect per image, no child process.
 */
export async function ensureBaseImages(opts: EnsureBaseImagesOptions = {}): Promise<EnsureBaseImagesResult> {
  const docker = opts.docker ?? engineClient();
  const stale = await findStaleImages(docker);
  if (stale.length === 0) return { stale, seeded: false };

  const log = opts.log ?? (() => {});
  log(`seeding ${stale.map((s) => `${s.name} (${s.reason})`).join(", ")}`);
  // Callers in one process share a single seeding run; the script's flock
  // covers callers in other processes.
  seeding ??= runSeedScript(log).finally(() => {
    seeding = undefined;
  });
  await seeding;
  return { stale, seeded: true };
}

function runSeedScript(log: (line: string) => void): Promise<void> {
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    log(line);
  };

  return new Promise((resolve, reject) => {
    const child = spawn("bash", [SEED_SCRIPT], {
      cwd: REPO_ROOT,
      env: engineShellEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
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

function forEachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", onLine);
  return new Promise((resolve) => lines.once("close", () => resolve()));
}
