import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
  let lockDir: string;
  beforeEach(async () => {
    lockDir = await mkdtemp(path.join(os.tmpdir(), "lab-locks-"));
  });
  afterEach(async () => {
    await rm(lockDir, { recursive: true, force: true });
  });

  it("never hands one account to two running labs, and takes it back when a lab ends", async () => {
    const pool = new LabAccountPool(parseLabAccounts(PASSWD), lockDir);
    const a = await pool.take();
    const b = await pool.take();
    expect([a?.user, b?.user]).toEqual(["dockyard-lab-00", "dockyard-lab-01"]);
    expect(await pool.take()).toBeUndefined();
    await pool.give(a!);
    expect((await pool.take())?.user).toBe("dockyard-lab-00");
    await pool.give(b!);
  });

  it("shares the host's accounts with other processes: one another process holds is skipped", async () => {
    const accounts = parseLabAccounts(PASSWD);
    // Another runner process on the same host, holding dockyard-lab-00's lock.
    const other = spawn("flock", [path.join(lockDir, "dockyard-lab-00.lock"), "sh", "-c", "echo held; exec cat"], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    await new Promise((r) => other.stdout.once("data", r));
    const pool = new LabAccountPool(accounts, lockDir);
    expect((await pool.take())?.user).toBe("dockyard-lab-01");
    expect(await pool.take()).toBeUndefined();
    // That process dies: its account is free again, with nothing to clean up.
    other.kill("SIGKILL");
    await new Promise((r) => other.once("exit", r));
    expect((await pool.take())?.user).toBe("dockyard-lab-00");
    expect(pool.taken).toBe(2);
  });
});
