import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB_REGISTRY } from "../../lib/labs/lab-schema";
import { ensureBaseImages } from "../images/seed-base-images";
import type { LabAccount, LabAccountPool } from "./lab-accounts";
import { type LabEngine, startLabEngine } from "./lab-engine";
import { writeLabHome } from "./lab-home";
import { loadLabImages } from "./lab-images";
import { ENGINE_DIR, inLab, takeLabAccounts } from "./testing/lab-testing";

// Two real labs with the course's images copied in: the learner's registry runs inside one lab and is that lab's
// alone. Loading times are printed, not asserted (they depend on the machine).
const LIMITS = { memoryBytes: 1024 ** 3, pids: 256, cpus: 1, diskBytes: 2 * 1024 ** 3 };

let labsDir: string;
let cacheDir: string;
let pool: LabAccountPool;
let accounts: LabAccount[] = [];
let lab: LabEngine;
let other: LabEngine;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`[lab-images] ${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return result;
}

beforeAll(async () => {
  ({ pool, accounts } = await takeLabAccounts(2));
  await ensureBaseImages();
  // Apart: the labs' directory must let the lab accounts through, the cache is root's alone.
  labsDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-labs-"));
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "dockyard-lab-images-"));
  const config = { labsDir, engineDir: ENGINE_DIR };
  // What an earlier seed of python:3.11-slim would have left: saving the current one replaces it.
  const stale = path.join(cacheDir, `python_3.11-slim@${"0".repeat(64)}.tar`);
  await writeFile(stale, "an older image");
  await utimes(stale, new Date(Date.now() - 86_400_000), new Date(Date.now() - 86_400_000));
  lab = await startLabEngine(config, "images-a", accounts[0]!, LIMITS);
  const [cold] = await timed("python:3.11-slim into a lab, cold cache (save + load)", () =>
    loadLabImages(lab, ["python:3.11-slim"], { cacheDir }),
  );
  expect(cold?.saved).toBe(true);
  await loadLabImages(lab, ["dockyard/registry:2.8.2-bookworm"], { cacheDir });
  other = await startLabEngine(config, "images-b", accounts[1]!, LIMITS);
  const [warm] = await timed("python:3.11-slim into a lab, warm cache (load)", () =>
    loadLabImages(other, ["python:3.11-slim"], { cacheDir }),
  );
  expect(warm?.saved).toBe(false);
}, 600_000);

afterAll(async () => {
  await Promise.all([lab?.stop(), other?.stop()]);
  for (const account of accounts) await pool.give(account);
  for (const dir of [labsDir, cacheDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the course's images in a lab", () => {
  it("are there under their own names, the registry also as registry:2, saved once, older tars gone", async () => {
    const { code, out } = await inLab(lab, "docker images --format '{{.Repository}}:{{.Tag}}' | sort");
    expect(code, out).toBe(0);
    expect(out.trim().split("\n")).toEqual(["dockyard/registry:2.8.2-bookworm", "python:3.11-slim", "registry:2"]);
    expect((await readdir(cacheDir)).sort()).toEqual([
      expect.stringMatching(/^dockyard_registry_2\.8\.2-bookworm@[0-9a-f]{64}\.tar$/),
      expect.stringMatching(/^python_3\.11-slim@[0-9a-f]{64}\.tar$/),
    ]);
  });

  it("run a registry a learner pushes to and pulls from by digest, inside the lab", async () => {
    const script = `
      set -e
      docker run -d -p 127.0.0.1:5000:5000 --name registry registry:2 >/dev/null
      for i in $(seq 1 50); do
        python3 -c "import urllib.request as u; u.urlopen('http://${LAB_REGISTRY}/v2/')" 2>/dev/null && break
        sleep 0.2
      done
      docker tag python:3.11-slim ${LAB_REGISTRY}/py:1.0
      docker push ${LAB_REGISTRY}/py:1.0 >/dev/null
      digest=$(docker image inspect --format '{{index .RepoDigests 0}}' ${LAB_REGISTRY}/py:1.0)
      docker rmi ${LAB_REGISTRY}/py:1.0 >/dev/null
      docker pull "$digest" >/dev/null
      echo "pulled $digest"
      docker run --rm "$digest" python3 -c 'print("runs from the registry")'
    `;
    const { code, out } = await inLab(lab, script);
    expect(code, out).toBe(0);
    expect(out).toMatch(new RegExp(`^pulled ${LAB_REGISTRY}/py@sha256:[0-9a-f]{64}$`, "m"));
    expect(out).toContain("runs from the registry");
  });

  it("keep one lab's registry out of another lab's reach", async () => {
    const { code, out } = await inLab(
      other,
      `(exec 3<>/dev/tcp/127.0.0.1/5000) 2>&1 && echo reached; docker pull ${LAB_REGISTRY}/py:1.0 2>&1; true`,
    );
    expect(code, out).toBe(0);
    expect(out).toContain("Connection refused");
    expect(out).not.toContain("reached");
    expect(out).toMatch(/connection refused/i);
    const images = await inLab(other, "docker images --format '{{.Repository}}:{{.Tag}}'");
    expect(images.out.trim()).toBe("python:3.11-slim");
  });
});

describe("two labs loading an image nobody saved yet, at once", () => {
  it("both get it, and the cache holds one tar of it", async () => {
    const results = await Promise.all(
      [lab, other].map((engine) => loadLabImages(engine, ["debian:bookworm-slim"], { cacheDir })),
    );
    expect(results.map(([image]) => image?.id)).toEqual([results[0]![0]!.id, results[0]![0]!.id]);
    expect((await readdir(cacheDir)).filter((f) => f.startsWith("debian_bookworm-slim@"))).toHaveLength(1);
    for (const engine of [lab, other]) {
      const { code, out } = await inLab(engine, "docker run --rm debian:bookworm-slim cat /etc/debian_version");
      expect(code, out).toBe(0);
      expect(out).toMatch(/^12\./m);
    }
  });
});

describe("a lab's files in the learner's home", () => {
  it("are at /home/lab, owned by the lab's root, and a path out of the home is refused", async () => {
    await writeLabHome(lab, [
      { path: "app/Dockerfile", content: "FROM python:3.11-slim\n" },
      { path: "app/src/main.py", content: "print('hello from the lab')\n" },
    ]);
    const { code, out } = await inLab(
      lab,
      "cd /home/lab/app && stat -c '%u:%g %n' Dockerfile src src/main.py && cat Dockerfile && " +
        "echo ok >> src/main.py",
    );
    expect(code, out).toBe(0);
    expect(out).toContain("0:0 Dockerfile\n0:0 src\n0:0 src/main.py\nFROM python:3.11-slim");
    await expect(writeLabHome(lab, [{ path: "../escape.txt", content: "x" }])).rejects.toThrow(/not a path inside/);
    const escaped = await readdir(lab.paths.disk);
    expect(escaped).not.toContain("escape.txt");
  });
});
