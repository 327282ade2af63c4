import { mkdtemp, readdir, rm, truncate } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineClient } from "../docker/engine";
import { ensureBaseImages } from "../images/seed-base-images";
import { type LabAccount, LabAccountPool } from "./lab-accounts";
import type { LabEngine } from "./lab-engine";
import { LabSeeds } from "./lab-seeds";
import { ENGINE_DIR, inLab, takeLabAccounts } from "./testing/lab-testing";

// Real labs started from a sealed disk: what one learner does in a lab started from a seed never reaches the seed,
// the next lab or another account's labs, and a bad seed costs a start on an empty disk, never a failed lab.
const LIMITS = { memoryBytes: 1024 ** 3, pids: 256, cpus: 1, diskBytes: 2 * 1024 ** 3 };
const IMAGE = "debian:bookworm-slim";

let labsDir: string;
let cacheDir: string;
let seedDir: string;
let pool: LabAccountPool;
let seeds: LabSeeds;
let accounts: LabAccount[] = [];
const logged: string[] = [];
const started: LabEngine[] = [];

async function startFromSeed(account: LabAccount, id: string): Promise<LabEngine | undefined> {
  const seeded = await seeds.start(account, id);
  if (seeded) started.push(seeded.engine);
  return seeded?.engine;
}

beforeAll(async () => {
  ({ pool, accounts } = await takeLabAccounts(2));
  await ensureBaseImages();
  labsDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-labs-"));
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-lab-images-"));
  seedDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-lab-seeds-"));
  seeds = new LabSeeds({
    dir: seedDir,
    host: { labsDir, engineDir: ENGINE_DIR },
    limits: LIMITS,
    imageCacheDir: cacheDir,
    images: [IMAGE],
    log: (line) => logged.push(line),
  });
  await seeds.seal(accounts[0]!);
}, 300_000);

afterAll(async () => {
  await Promise.all(started.map((engine) => engine.stop().catch(() => undefined)));
  for (const account of accounts) await pool.give(account);
  for (const dir of [labsDir, cacheDir, seedDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a lab started from its account's seed", () => {
  it("has the seed's images under their IDs in the grading engine, and runs them as their own root", async () => {
    const plan = await seeds.plan();
    expect(await readdir(seedDir)).toEqual([`${accounts[0]!.user}-${plan.key}.img`]);
    expect(await seeds.sealed(accounts)).toBe(1);
    const lab = await startFromSeed(accounts[0]!, "seeded-a");
    expect(lab).toBeDefined();
    const id = ((await engineClient().getImage(IMAGE).inspect()) as { Id: string }).Id;
    const { code, out } = await inLab(
      lab!,
      `docker image inspect --format '{{.Id}}' ${IMAGE} && docker run --rm ${IMAGE} stat -c '%u:%g' /etc/passwd && ` +
        "stat -c '%u' ~ && ls ~/.docker",
    );
    expect(code, out).toBe(0);
    expect(out).toBe(`${id}\n0:0\n0\nconfig.json\n`);
  }, 120_000);

  it("is a copy: what a learner leaves in one is in neither the seed nor the next lab", async () => {
    const first = await startFromSeed(accounts[0]!, "seeded-b");
    const wrote = await inLab(first!, `echo mine > ~/note && docker volume create kept && docker tag ${IMAGE} mine:1`);
    expect(wrote.code, wrote.out).toBe(0);
    await first!.stop();
    const next = await startFromSeed(accounts[0]!, "seeded-c");
    const { code, out } = await inLab(
      next!,
      "ls ~; docker volume ls -q; docker images --format '{{.Repository}}:{{.Tag}}'",
    );
    expect(code, out).toBe(0);
    expect(out).toBe(`${IMAGE}\n`);
  }, 120_000);

  it("is never another account's: an account without a seed of its own starts none", async () => {
    expect(await startFromSeed(accounts[1]!, "seeded-other")).toBeUndefined();
  });

  it("leaves the seeding to wait while a lab waits, and an account a lab holds alone", async () => {
    await seeds.fill(new LabAccountPool([accounts[1]!]), () => true);
    expect(await seeds.sealed([accounts[1]!])).toBe(0);
    // accounts[1] is this file's, held through the host's locks: another pool cannot take it to seal it.
    await seeds.fill(new LabAccountPool([accounts[1]!]), () => false);
    expect(await seeds.sealed([accounts[1]!])).toBe(0);
  });

  it("is removed when broken, and the caller starts the lab the slow way", async () => {
    const [file] = await readdir(seedDir);
    await truncate(path.join(seedDir, file!), 1024 * 1024);
    expect(await startFromSeed(accounts[0]!, "seeded-broken")).toBeUndefined();
    expect(await readdir(seedDir)).toEqual([]);
    expect(logged.join("\n")).toMatch(/did not start a lab [\s\S]*; removed/);
  }, 120_000);
});
