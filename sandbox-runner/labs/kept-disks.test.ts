import { execFile } from "node:child_process";
import { chmod, chown, lchown, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { keptDiskOwner, ownerShift, readSubordinateIds, shiftOwners } from "./kept-disks";
import { labFate } from "./lab-close-reasons";

const accounts = [
  { user: "dockyard-lab-00", uid: 990, gid: 980 },
  { user: "dockyard-lab-01", uid: 989, gid: 980 },
  { user: "dockyard-lab-02", uid: 988, gid: 980 },
];
const ids = new Map(
  accounts.map((a, i) => {
    const range = { start: 2_000_000 + i * 65_536, count: 65_536 };
    return [a.user, { uid: range, gid: range }];
  }),
);

describe("ownerShift", () => {
  it("gives every lab account's own id and subordinate ids to the resuming account's, offset for offset", () => {
    const shift = ownerShift(accounts, ids, accounts[1]!);
    expect(shift.uid).toEqual([
      [990, 989, 1],
      [2_000_000, 2_065_536, 65_536],
      [988, 989, 1],
      [2_131_072, 2_065_536, 65_536],
    ]);
    // The accounts share their group: only the subordinate groups move.
    expect(shift.gid).toEqual([
      [2_000_000, 2_065_536, 65_536],
      [2_131_072, 2_065_536, 65_536],
    ]);
  });

  it("refuses an account without subordinate ids", () => {
    expect(() => ownerShift(accounts, new Map(), accounts[0]!)).toThrow(/no subordinate ids/);
  });
});

// Real chowns to lab accounts' ids: only root may make them (the host's runner, and the test machines, run as root).
describe.skipIf(process.getuid?.() !== 0)("shiftOwners", () => {
  const SCRIPT = fileURLToPath(new URL("./shift-owners.py", import.meta.url));
  const shift = ownerShift(accounts, ids, accounts[1]!);
  const KEPT_UNDER = { uid: 990, gid: 980 };
  /** A file of the lab's root (990) and one of its containers' users (subordinate 5 of dockyard-lab-00). */
  const inContainer = 2_000_005;
  const shifted = { 990: 989, [inContainer]: 2_065_541 } as Record<number, number>;

  async function owners(file: string): Promise<[number, number]> {
    const info = await lstat(file);
    return [info.uid, info.gid];
  }

  /** `depth` folders one inside the next, each with a file of a container user; answers the deepest. */
  async function deepTree(root: string, depth: number): Promise<string[]> {
    const dirs: string[] = [];
    let dir = root;
    for (let i = 0; i < depth; i++) {
      dir = path.join(dir, "d");
      dirs.push(dir);
    }
    await mkdir(dirs.at(-1)!, { recursive: true });
    for (const d of dirs) {
      await chown(d, KEPT_UNDER.uid, KEPT_UNDER.gid);
      await writeFile(path.join(d, "f"), "x");
      await chown(path.join(d, "f"), inContainer, inContainer);
    }
    return dirs;
  }

  it("walks a folder tree of any depth with a few descriptors, never following a link nor losing setuid", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shift-"));
    const outside = path.join(dir, "outside");
    const root = path.join(dir, "disk");
    try {
      await writeFile(outside, "the host's");
      await mkdir(root);
      await chown(root, KEPT_UNDER.uid, KEPT_UNDER.gid);
      const dirs = await deepTree(root, 1_200);
      const deepest = dirs.at(-1)!;
      await symlink(outside, path.join(deepest, "out"));
      await lchown(path.join(deepest, "out"), KEPT_UNDER.uid, KEPT_UNDER.gid);
      await writeFile(path.join(deepest, "suid"), "#!/bin/sh\n");
      await chown(path.join(deepest, "suid"), KEPT_UNDER.uid, KEPT_UNDER.gid);
      await chmod(path.join(deepest, "suid"), 0o4755);

      // 16 descriptors: a walk holding one per folder level would run out 1,200 levels down.
      const run = promisify(execFile);
      const { stdout } = await run("sh", [
        "-c",
        'ulimit -n 16 && exec python3 -I "$0" "$1" "$2"',
        SCRIPT,
        root,
        JSON.stringify(shift),
      ]);
      expect(stdout).toBe(`done ${1_200 * 2 + 2} ${1_200 * 2 + 3}\n`);

      expect(await owners(root)).toEqual([989, 980]);
      expect(await owners(deepest)).toEqual([989, 980]);
      expect(await owners(path.join(deepest, "f"))).toEqual([shifted[inContainer], shifted[inContainer]]);
      expect(await owners(path.join(deepest, "out"))).toEqual([989, 980]);
      expect(await owners(outside)).toEqual([0, 0]);
      const suid = await lstat(path.join(deepest, "suid"));
      expect([suid.uid, suid.mode & 0o7777]).toEqual([989, 0o4755]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("completes a shift killed half way, and counts the disk shifted only once one has finished", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "shift-"));
    const root = path.join(dir, "disk");
    const mark = path.join(dir, "kept.owner");
    const row = { account: accounts[0]!.user };
    try {
      await mkdir(root);
      await chown(root, KEPT_UNDER.uid, KEPT_UNDER.gid);
      const dirs = await deepTree(root, 300);
      expect(await keptDiskOwner(mark, row)).toBe(accounts[0]!.user);

      // A script that fails leaves the mark as it found it: shift pending.
      await expect(shiftOwners(path.join(dir, "gone"), shift, { file: mark, to: accounts[1]!.user })).rejects.toThrow();
      expect(await keptDiskOwner(mark, row)).toBe("");

      // The real script, SIGKILLed by its 200th chown: the host died, or the timeout struck.
      const killAt = `import os, runpy, sys
chown, calls = os.chown, [0]
def counted(*args, **kwargs):
    calls[0] += 1
    if calls[0] == 200:
        os.kill(os.getpid(), 9)
    return chown(*args, **kwargs)
os.chown = counted
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")`;
      const killed = await promisify(execFile)("python3", [
        "-I",
        "-c",
        killAt,
        SCRIPT,
        root,
        JSON.stringify(shift),
      ]).then(
        () => "finished",
        (err: { signal?: string; stdout?: string }) => `${err.signal} ${err.stdout}`,
      );
      expect(killed).toBe("SIGKILL ");
      const files = [root, ...dirs, ...dirs.map((d) => path.join(d, "f"))];
      const before = await Promise.all(files.map(owners));
      const done = before.filter(([uid]) => uid === 989 || uid === shifted[inContainer]).length;
      expect(done).toBe(199);
      expect(await keptDiskOwner(mark, row)).toBe("");

      // Run again under the same map: every file comes out whole, and only now is the disk the account's.
      await shiftOwners(root, shift, { file: mark, to: accounts[1]!.user });
      for (const [uid] of await Promise.all(files.map(owners))) expect([989, shifted[inContainer]]).toContain(uid);
      expect(await keptDiskOwner(mark, row)).toBe(accounts[1]!.user);
      expect(await readFile(mark, "utf8")).toBe(accounts[1]!.user);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("readSubordinateIds", () => {
  it("reads /etc/subuid and /etc/subgid, the first line of a user counting", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "subids-"));
    try {
      const uid = path.join(dir, "subuid");
      const gid = path.join(dir, "subgid");
      await writeFile(uid, "dockyard-lab-00:2000000:65536\nbroken\nother:100000:65536\ndockyard-lab-00:1:1\n");
      await writeFile(gid, "dockyard-lab-00:3000000:65536\n");
      const found = await readSubordinateIds({ uid, gid });
      expect([...found]).toEqual([
        ["dockyard-lab-00", { uid: { start: 2_000_000, count: 65_536 }, gid: { start: 3_000_000, count: 65_536 } }],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("labFate", () => {
  const titles = (slug: string) => `Title of ${slug}`;

  it("says until when the work is kept, and which older kept work made room", () => {
    const expiresAt = new Date("2026-12-27T01:00:00Z");
    const evicted = [{ labSlug: "keep-model-files" }] as never;
    expect(labFate({ kept: true, expiresAt, bytes: 210 * 2 ** 20, evicted }, titles)).toMatch(
      /^Your work in it is kept until 27 December 2026 \(220 MB\).*"Title of keep-model-files" was removed\.$/,
    );
  });

  it("says a lab too large for the quota was not kept, and how to keep the next one", () => {
    const said = labFate({ kept: false, why: "too-big", bytes: 5 * 2 ** 30, quotaBytes: 4 * 2 ** 30 }, titles);
    expect(said).toMatch(/^Its work was not kept: its disk held 5.37 GB, more than the 4.29 GB your kept labs may use/);
    expect(said).toContain("docker image prune");
  });

  it("puts a failure to keep on the machine, and says what went", () => {
    expect(labFate({ kept: false, why: "failed" }, titles)).toMatch(/^The lab machine could not keep its work/);
    expect(labFate(undefined, titles)).toMatch(/^Its Docker engine went with it/);
  });
});
