import { describe, expect, it } from "vitest";
import { LabAccountPool, parseLabAccounts } from "./lab-accounts";

const PASSWD = [
  "root:x:0:0:root:/root:/bin/bash",
  "dockyard-lab-01:x:998:995::/nonexistent:/usr/sbin/nologin",
  "dockyard-lab-00:x:999:995::/nonexistent:/usr/sbin/nologin",
  "dockyard-lab-1:x:997:995::/nonexistent:/usr/sbin/nologin",
  "dockyard-lab-02:x:0:0::/root:/bin/bash",
  "labtest:x:1001:1001::/home/labtest:/bin/bash",
].join("\n");

describe("parseLabAccounts", () => {
  it("keeps only well-named, unprivileged lab accounts, in name order", () => {
    expect(parseLabAccounts(PASSWD)).toEqual([
      { user: "dockyard-lab-00", uid: 999, gid: 995 },
      { user: "dockyard-lab-01", uid: 998, gid: 995 },
    ]);
  });
});

describe("LabAccountPool", () => {
  it("never hands one account to two running labs, and takes it back when a lab ends", () => {
    const pool = new LabAccountPool(parseLabAccounts(PASSWD));
    const a = pool.take();
    const b = pool.take();
    expect([a?.user, b?.user]).toEqual(["dockyard-lab-00", "dockyard-lab-01"]);
    expect(pool.take()).toBeUndefined();
    expect(pool.free).toBe(0);
    pool.give(a!);
    expect(pool.take()?.user).toBe("dockyard-lab-00");
  });
});
