import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkoutFiles, listFiles } from "./input-key";

const run = promisify(execFile);
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "dockyard-key-checkout-"));
  await mkdir(path.join(root, "exercise/solution"), { recursive: true });
  await writeFile(path.join(root, ".gitignore"), "*.bundle.mjs\n__pycache__/\n");
  await writeFile(path.join(root, "exercise/exercise.yaml"), "title: tracked\n");
  await run("git", ["-C", root, "init", "-q"]);
  await run("git", ["-C", root, "add", "."]);
  await writeFile(path.join(root, "exercise/solution/Dockerfile"), "FROM debian\n");
  await mkdir(path.join(root, "exercise/__pycache__"));
  await writeFile(path.join(root, "exercise/__pycache__/app.pyc"), "stray");
  await writeFile(path.join(root, "exercise/prove.bundle.mjs"), "left behind");
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("the files a key hashes", () => {
  it("are those a fresh clone holds: tracked, or new and not ignored, never a stray ignored file", async () => {
    const files = await listFiles(path.join(root, "exercise"), checkoutFiles(root));
    expect(files.map((f) => path.relative(root, f))).toEqual([
      "exercise/exercise.yaml",
      "exercise/solution/Dockerfile",
    ]);
    expect(await listFiles(path.join(root, "exercise/prove.bundle.mjs"), checkoutFiles(root))).toEqual([]);
  });

  it("are every file in a copy that is not the top of a git work tree", async () => {
    expect(await checkoutFiles(path.join(root, "exercise"))).toBeUndefined();
    const outside = await mkdtemp(path.join(os.tmpdir(), "dockyard-key-copy-"));
    try {
      await writeFile(path.join(outside, "a.pyc"), "kept");
      expect(await checkoutFiles(outside)).toBeUndefined();
      expect(await listFiles(outside, checkoutFiles(outside))).toEqual([path.join(outside, "a.pyc")]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
