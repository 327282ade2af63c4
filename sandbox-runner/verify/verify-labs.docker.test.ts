import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLabs } from "../../lib/labs/load-lab";
import { engineClient } from "../docker/engine";
import { ensurePackageMirrorRoute, type PackageMirrorRoute } from "../images/package-mirror";
import { ensureBaseImages } from "../images/seed-base-images";
import { LabAccountPool, listLabAccounts } from "../labs/lab-accounts";
import { verifyLabRemembered } from "./verify-remembered";

/**
 * Every lab of the course, done for real in a lab engine of its own: each task's solution turns it green, it was
 * not green before, and each wrong attempt its author lists gets the hint it promises. A lab that passed before on
 * this machine under the same key (its folder, every file of the lab host this module imports, the engine, the
 * base images: verification-key.ts) is not run again; DOCKYARD_VERIFY_FRESH=1 runs every one. The ones that run,
 * run three at a time (the docker tier's maxConcurrency), each in an engine and lab account of its own.
 */
const run = promisify(execFile);
const ENSURE_LAB_HOST = fileURLToPath(new URL("../../scripts/labs/ensure-lab-host.sh", import.meta.url));
const ENGINE_DIR = process.env.DOCKYARD_ENGINE_HOME ?? "/var/lib/dockyard-engine";
const labs = await listLabs();
const ENTRY = fileURLToPath(import.meta.url);
let labsDir: string;
let accounts: LabAccountPool;
let mirror: PackageMirrorRoute;
/** Verifications under way: one that outlives its test's time limit still owns its engine and its folder. */
const underWay = new Set<Promise<unknown>>();

beforeAll(async () => {
  await run("bash", [ENSURE_LAB_HOST]);
  await ensureBaseImages();
  // As a runner's labs have it: a lab's files may install their requirements from the course's mirror.
  mirror = await ensurePackageMirrorRoute(engineClient());
  accounts = new LabAccountPool(await listLabAccounts());
  labsDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-verify-labs-"));
}, 600_000);

afterAll(async () => {
  // A lab past its time limit has failed its test but still runs: wait for it to stop its engine, or the folder
  // would go from under it and leave its engine running.
  await Promise.allSettled(underWay);
  if (labsDir) await rm(labsDir, { recursive: true, force: true });
}, 30 * 60_000);

describe("every lab, done task by task", () => {
  it.concurrent.each(labs.map((lab) => [lab.slug, lab] as const))(
    "%s: can be done task by task, and every listed wrong attempt gets its hint",
    async (slug, lab) => {
      const verifying = verifyLabRemembered(
        lab,
        {
          host: { labsDir, engineDir: ENGINE_DIR, mirror },
          accounts,
          imageCacheDir: path.join(os.tmpdir(), "dockyard-lab-images"),
        },
        { entry: ENTRY, onRun: (why) => console.info(`${slug}: run (${why})`) },
      );
      underWay.add(verifying);
      const verdict = await verifying.finally(() => underWay.delete(verifying));
      if (!verdict.ran) {
        console.info(`${slug}: passed on this machine at ${verdict.record.passedAt} under the same key; not run again`);
        return;
      }
      const problems = verdict.report.steps.flatMap((s) => s.problems.map((p) => `${s.name}: ${p}`));
      expect(problems).toEqual([]);
      expect(verdict.ok).toBe(true);
    },
    // About 60 steps at up to 30 s each while two other labs and the exercises share two cores.
    45 * 60_000,
  );
});
