/**
 * Lab engines on this machine (docs/labs.md): how long a cold lab engine takes to answer, what an idle one costs,
 * and how many labs run a Python container at once. A script, not a vitest bench:
 *
 *   node --import tsx bench/lab-host.ts [labs]
 *
 * Needs root, the grading engine (for the image it copies in) and scripts/labs/ensure-lab-host.sh [labs].
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { engineShellEnv } from "../sandbox-runner/docker/engine";
import { type LabAccount, LabAccountPool, listLabAccounts } from "../sandbox-runner/labs/lab-accounts";
import { type LabEngine, startLabEngine } from "../sandbox-runner/labs/lab-engine";
import { loadLabImages } from "../sandbox-runner/labs/lab-images";

const run = promisify(execFile);
const LABS = Number(process.argv[2] ?? 8);
const LIMITS = { memoryBytes: 2 * 1024 ** 3, pids: 1024, cpus: 1, diskBytes: 4 * 1024 ** 3 };
const IMAGE = "python:3.11-slim";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The lab's memory use as its cgroup counts it (every process of the lab, page cache included). */
async function memoryBytes(lab: LabEngine): Promise<number> {
  for (const dir of lab.cgroup.procsFiles.map((f) => path.dirname(f))) {
    for (const file of ["memory.usage_in_bytes", "memory.current"]) {
      const text = await readFile(path.join(dir, file), "utf8").catch(() => undefined);
      if (text) return Number(text.trim());
    }
  }
  return Number.NaN;
}

// Through the host's account locks, so a bench never runs a lab under an account a runner or a test holds.
const pool = new LabAccountPool(await listLabAccounts());
const accounts: LabAccount[] = [];
for (let i = 0; i < LABS; i++) {
  const account = await pool.take();
  if (!account) throw new Error(`${LABS} labs need ${LABS} free accounts: scripts/labs/ensure-lab-host.sh ${LABS}`);
  accounts.push(account);
}
const labsDir = await mkdtemp(path.join(os.tmpdir(), "bench-labs-"));
const config = { labsDir, engineDir: process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine" };
const env = { ...process.env, ...engineShellEnv() };
const labs: LabEngine[] = [];
try {
  // 1. Cold starts, one at a time: start → the engine answers /_ping.
  const starts: number[] = [];
  for (let i = 0; i < LABS; i++) {
    const started = performance.now();
    labs.push(await startLabEngine(config, `bench-${i}`, accounts[i]!, LIMITS));
    starts.push(performance.now() - started);
  }
  console.log(
    `cold start to a ping-ready engine (${LABS} labs): p50 ${percentile(starts, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(starts, 95).toFixed(0)} ms, worst ${Math.max(...starts).toFixed(0)} ms`,
  );

  // 2. What an idle lab costs, after a few seconds of quiet.
  await new Promise((r) => setTimeout(r, 5000));
  const idle = await Promise.all(labs.map(memoryBytes));
  console.log(`idle lab memory (cgroup): median ${(percentile(idle, 50) / 2 ** 20).toFixed(0)} MiB`);

  // 3. Every lab runs a Python container at once.
  // The way a lab gets its images: saved once from the grading engine, then loaded into each lab.
  const cacheDir = path.join(labsDir, "images");
  const loads: number[] = [];
  for (const lab of labs) {
    const started = performance.now();
    await loadLabImages(lab, [IMAGE], { cacheDir });
    loads.push(performance.now() - started);
  }
  const later = loads.length > 1 ? `, later (from the cache) p50 ${percentile(loads.slice(1), 50).toFixed(0)} ms` : "";
  console.log(`${IMAGE} into a lab: first (saved and loaded) ${loads[0]!.toFixed(0)} ms${later}`);
  const loaded = os.freemem();
  const started = performance.now();
  const results = await Promise.allSettled(
    labs.map((lab) =>
      run(
        "bash",
        ["-c", `docker -H unix://${lab.socket} run --rm ${IMAGE} python3 -c "import json, sqlite3; print('ok')"`],
        { env },
      ),
    ),
  );
  const ok = results.filter((r) => r.status === "fulfilled" && r.value.stdout.includes("ok")).length;
  console.log(
    `${ok} of ${LABS} labs ran a Python container at once in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `host memory free before: ${(loaded / 2 ** 30).toFixed(1)} GiB`,
  );
} finally {
  for (const lab of labs) await lab.stop().catch((err: unknown) => console.error(`stopping ${lab.id}:`, err));
  for (const account of accounts) await pool.give(account);
  await rm(labsDir, { recursive: true, force: true });
}
