import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ownerShift, readSubordinateIds } from "./kept-disks";
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
