import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env as readEnv } from "../lib/config/env";
import { listLabs, loadLab } from "../lib/labs/load-lab";
import { engineClient } from "../sandbox-runner/docker/engine";
import { ensurePackageMirrorRoute } from "../sandbox-runner/images/package-mirror";
import { LabAccountPool, listLabAccounts } from "../sandbox-runner/labs/lab-accounts";
import { removeLeftoverLabs } from "../sandbox-runner/labs/lab-engine";
import { verifyLab } from "../sandbox-runner/verify/verify-lab";

/**
 * `npm run verify-labs [-- <slug>...]` (as root, after scripts/labs/ensure-lab-host.sh): does every lab's tasks in a
 * real lab engine, each wrong attempt first, and checks each task turns green and each hint is the one promised.
 */
const slugs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const labs = slugs.length ? await Promise.all(slugs.map((s) => loadLab(s))) : await listLabs();
const env = readEnv();
const accounts = new LabAccountPool(await listLabAccounts());
const mirror = await ensurePackageMirrorRoute(engineClient());
const host = { labsDir: path.join(os.tmpdir(), "dockyard-verify-labs"), engineDir: env.DOCKYARD_ENGINE_HOME, mirror };
await removeLeftovers();
let ok = true;
for (const lab of labs) {
  const report = await verifyLab(lab, {
    host,
    accounts,
    imageCacheDir: path.resolve(env.DATA_DIR, "lab-images"),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const step of report.steps)
    for (const problem of step.problems) process.stdout.write(`  ${step.name}: ${problem}\n`);
  ok &&= report.ok;
}
process.exitCode = ok ? 0 : 1;

/**
 * A run stopped by hand (Ctrl-C, kill) leaves its lab's engine running under its lab account, holding the account
 * and the machine's memory. Each lab here is named verify-<slug>-<pid> (verifyLab): those of a process that is gone
 * are removed before this run takes an account; another run's, still alive, are left alone.
 */
async function removeLeftovers(): Promise<void> {
  const names = await readdir(host.labsDir).catch(() => [] as string[]);
  const alive = (name: string) => {
    const pid = Number(name.match(/-(\d+)$/)?.[1]);
    if (!pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  const removed = await removeLeftoverLabs(host, new Set(names.filter(alive)));
  if (removed.length)
    process.stdout.write(`removed ${removed.length} lab(s) a stopped run left: ${removed.join(", ")}\n`);
}
