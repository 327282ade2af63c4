import os from "node:os";
import path from "node:path";
import { env as readEnv } from "../lib/config/env";
import { listLabs, loadLab } from "../lib/labs/load-lab";
import { engineClient } from "../sandbox-runner/docker/engine";
import { ensurePackageMirrorRoute } from "../sandbox-runner/images/package-mirror";
import { LabAccountPool, listLabAccounts } from "../sandbox-runner/labs/lab-accounts";
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
let ok = true;
for (const lab of labs) {
  const report = await verifyLab(lab, {
    host: { labsDir: path.join(os.tmpdir(), "dockyard-verify-labs"), engineDir: env.DOCKYARD_ENGINE_HOME, mirror },
    accounts,
    imageCacheDir: path.resolve(env.DATA_DIR, "lab-images"),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const step of report.steps)
    for (const problem of step.problems) process.stdout.write(`  ${step.name}: ${problem}\n`);
  ok &&= report.ok;
}
process.exitCode = ok ? 0 : 1;
