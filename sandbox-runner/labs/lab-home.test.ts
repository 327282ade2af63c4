import { execFileSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LabEngine } from "./lab-engine";
import { homePathParts, writeLabHome } from "./lab-home";
import { labPaths } from "./lab-sandbox";

// A lab's home is on a disk the lab itself writes to: these plant what a lab could have left there.
let root: string;
let home: string;
let outside: string;
let lab: LabEngine;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "lab-home-"));
  const paths = labPaths(path.join(root, "lab"));
  home = path.join(paths.disk, "home");
  outside = path.join(root, "host");
  await mkdir(home, { recursive: true });
  await mkdir(outside);
  const account = { user: "dockyard-lab-test", uid: process.getuid!(), gid: process.getgid!() };
  lab = { id: "test", account, paths } as LabEngine;
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("writeLabHome", () => {
  it("writes files and the directories they need, owned by the lab's account", async () => {
    await writeLabHome(lab, [
      { path: "app/src/main.py", content: "print('hi')\n" },
      { path: "app/Dockerfile", content: "FROM python:3.11-slim\n" },
      { path: "notes.txt", content: "" },
      { path: "app/run.sh", content: "#!/bin/sh\n", executable: true },
    ]);
    expect(await readFile(path.join(home, "app/src/main.py"), "utf8")).toBe("print('hi')\n");
    expect(await readFile(path.join(home, "app/Dockerfile"), "utf8")).toBe("FROM python:3.11-slim\n");
    const info = await stat(path.join(home, "app/src"));
    expect([info.uid, info.gid, info.mode & 0o777]).toEqual([lab.account.uid, lab.account.gid, 0o755]);
    expect((await stat(path.join(home, "notes.txt"))).mode & 0o777).toBe(0o644);
    // A script the lab asks the learner to run keeps its executable bit (reclaim-disk-space's make-clutter.sh).
    expect((await stat(path.join(home, "app/run.sh"))).mode & 0o777).toBe(0o755);
  });

  it("refuses absolute paths and any . or .. part, before writing anything", async () => {
    for (const bad of ["/etc/passwd", "../x", "app/../../x", "app/./x", "app//x", "app/", "", "a\0b"]) {
      expect(() => homePathParts(bad), bad).toThrow(/not a path inside the lab's home/);
      await expect(
        writeLabHome(lab, [
          { path: "first.txt", content: "" },
          { path: bad, content: "" },
        ]),
      ).rejects.toThrow();
    }
    await expect(lstat(path.join(home, "first.txt"))).rejects.toThrow();
  });

  it("never follows a symlink the lab planted, as a directory or as the file", async () => {
    await symlink(outside, path.join(home, "app"));
    await expect(writeLabHome(lab, [{ path: "app/x.txt", content: "escaped" }])).rejects.toThrow(/symlink/);
    await writeFile(path.join(outside, "victim"), "host file");
    await symlink(path.join(outside, "victim"), path.join(home, "notes.txt"));
    await expect(writeLabHome(lab, [{ path: "notes.txt", content: "escaped" }])).rejects.toThrow(/symlink/);
    expect(await readFile(path.join(outside, "victim"), "utf8")).toBe("host file");
    expect(execFileSync("ls", [outside], { encoding: "utf8" }).trim()).toBe("victim");
  });

  it("does not hang on a FIFO planted where a file goes", async () => {
    execFileSync("mkfifo", [path.join(home, "pipe")]);
    await expect(writeLabHome(lab, [{ path: "pipe", content: "x" }])).rejects.toThrow(/cannot write pipe/);
  });

  it("replaces a file that is already there", async () => {
    await writeFile(path.join(home, "notes.txt"), "a much longer old content");
    await writeLabHome(lab, [{ path: "notes.txt", content: "new" }]);
    expect(await readFile(path.join(home, "notes.txt"), "utf8")).toBe("new");
  });
});
