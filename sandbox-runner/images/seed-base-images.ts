import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import Docker from "dockerode";

/** Images every exercise may build FROM; seeded locally because no registry is reachable. */
export const BASE_IMAGES = ["debian:bookworm-slim", "python:3.11-slim"] as const;
export type BaseImage = (typeof BASE_IMAGES)[number];

export interface EnsureBaseImagesOptions {
  log?: (line: string) => void;
}

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED_SCRIPT = fileURLToPath(new URL("../../scripts/seed-base-images.sh", import.meta.url));
const OUTPUT_TAIL_LINES = 40;

let seeding: Promise<void> | undefined;

/**
 * Makes sure every base image exists, seeding the missing ones: about a minute
 * on a cold machine (Debian downloads), seconds from the cache in DATA_DIR.
 * Cheap when they exist: one inspect per image, no child process.
 */
export async function ensureBaseImages(opts: EnsureBaseImagesOptions = {}): Promise<void> {
  const docker = new Docker();
  const present = await Promise.all(BASE_IMAGES.map((name) => imageExists(docker, name)));
  if (present.every(Boolean)) return;

  // Callers in one process share a single seeding run; the script's flock
  // covers callers in other processes.
  seeding ??= runSeedScript(opts.log ?? (() => {})).finally(() => {
    seeding = undefined;
  });
  await seeding;
}

async function imageExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { statusCode?: unknown }).statusCode === 404;
}

function runSeedScript(log: (line: string) => void): Promise<void> {
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    log(line);
  };

  return new Promise((resolve, reject) => {
    const child = spawn("bash", [SEED_SCRIPT], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const streamsDone = Promise.all([forEachLine(child.stdout, onLine), forEachLine(child.stderr, onLine)]);

    child.once("error", (err) => reject(new Error(`Could not run ${SEED_SCRIPT}: ${err.message}`)));
    child.once("close", (code, signal) => {
      // "close" can beat the last readline events; wait so the tail is complete.
      void streamsDone.then(() => {
        if (code === 0) return resolve();
        const status = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new Error(`Seeding base images failed: ${SEED_SCRIPT} ${status}:\n${tail.join("\n")}`));
      });
    });
  });
}

function forEachLine(stream: Readable, onLine: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", onLine);
  return new Promise((resolve) => lines.once("close", () => resolve()));
}
