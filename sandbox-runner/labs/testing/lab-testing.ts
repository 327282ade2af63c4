import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type LabAccount, LabAccountPool, listLabAccounts } from "../lab-accounts";
import { type LabEngine, labExecArgs } from "../lab-engine";

const run = promisify(execFile);
const ENSURE_LAB_HOST = fileURLToPath(new URL("../../../scripts/labs/ensure-lab-host.sh", import.meta.url));

/** Where Dockyard's own engine is installed: every lab's engine runs its packages. */
export const ENGINE_DIR = process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine";

/**
 * Makes this machine a lab host (at least `hostAccounts` accounts) and takes `count` of its accounts through the
 * host's locks, as a runner does: other test files start labs at the same time. Give them back with `pool.give`.
 */
export async function takeLabAccounts(
  count: number,
  hostAccounts = 4,
): Promise<{ pool: LabAccountPool; accounts: LabAccount[] }> {
  await run("bash", [ENSURE_LAB_HOST, String(hostAccounts)]);
  const pool = new LabAccountPool(await listLabAccounts());
  const accounts: LabAccount[] = [];
  for (let i = 0; i < count; i++) {
    const account = await pool.take();
    if (!account) throw new Error("no free lab account: every one runs a lab");
    accounts.push(account);
  }
  return { pool, accounts };
}

/** A learner's shell command in `engine`; never throws, so failures are asserted on with their output. */
export function inLab(
  engine: LabEngine,
  script: string,
  timeoutMs = 120_000,
): Promise<{ code: number | null; out: string }> {
  const [command, ...args] = labExecArgs(engine, ["bash", "-c", script]);
  return new Promise((resolve) => {
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
