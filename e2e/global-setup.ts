import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.E2E_PORT ?? 3100);
const PG_PORT = 54332;

/**
 * Starts the real platform (PostgreSQL, migrations, runner, production Next.js
 * server) exactly as `npm start` does, on its own port and data directory.
 */
/**
 * A run killed before its teardown leaves its PostgreSQL running, orphaned. Wiping the data directory under it
 * does not stop it at once, and the new platform failed on its port. startLocalPostgres stops such an orphan (and
 * names a server another run still holds, which must not be wiped): start and stop once, then wipe.
 */
async function stopLeftoverServer(pgDir: string): Promise<void> {
  if (!existsSync(path.join(pgDir, "postmaster.pid"))) return;
  const { startLocalPostgres } = await import("../lib/db/embedded-postgres");
  const server = await startLocalPostgres({ dataDir: pgDir, port: PG_PORT });
  await server.stop();
}

export default async function setup(project: TestProject) {
  const dataDir = path.join(root, ".data/e2e");
  await stopLeftoverServer(path.join(dataDir, "pg"));
  rmSync(path.join(dataDir, "pg"), { recursive: true, force: true });
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/platform.ts")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      PG_PORT: String(PG_PORT),
      DATA_DIR: dataDir,
      APP_URL: `http://localhost:${PORT}`,
      DATABASE_URL: "",
      // A name of its own: a platform `npm start` runs on this machine holds the lab lock as `<host>-platform`.
      RUNNER_ID: `${hostname()}-e2e`,
      // Sealing a disk per lab account (about 2 minutes of background work on a new machine) would run beside
      // the suite in every fresh clone; the seeds have a test of their own (sandbox-runner/labs/lab-seeds).
      LAB_SEED_DISKS: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (process.env.E2E_VERBOSE) process.stdout.write(chunk);
  };
  child.stdout!.on("data", remember);
  child.stderr!.on("data", remember);
  await waitForReady(child, output);
  project.provide("baseUrl", `http://localhost:${PORT}`);
  // The platform's embedded PostgreSQL (scripts/platform.ts names its role and database "dockyard").
  project.provide("databaseUrl", `postgresql://dockyard:dockyard@127.0.0.1:${PG_PORT}/dockyard`);
  return () => stop(child);
}

function waitForReady(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`platform not ready after 240 s:\n${output.join("").slice(-4000)}`)),
      240_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("[dockyard] ready on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code} before it was ready:\n${output.join("").slice(-4000)}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}
