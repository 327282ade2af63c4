import { spawn } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";

/** scripts/labs/ensure-lab-host.sh creates these: dockyard-lab-00, -01, … with subordinate ids of their own. */
const ACCOUNT = /^dockyard-lab-\d{2}$/;

/** One unprivileged host account a lab engine runs as; its subordinate ids are the lab containers' ids. */
export interface LabAccount {
  user: string;
  uid: number;
  gid: number;
}

/** The lab accounts /etc/passwd has, in name order. */
export async function listLabAccounts(passwdFile = "/etc/passwd"): Promise<LabAccount[]> {
  const text = await readFile(passwdFile, "utf8");
  return parseLabAccounts(text);
}

export function parseLabAccounts(passwd: string): LabAccount[] {
  return passwd
    .split("\n")
    .map((line) => line.split(":"))
    .filter((f) => f.length >= 7 && ACCOUNT.test(f[0]!))
    .map((f) => ({ user: f[0]!, uid: Number(f[2]), gid: Number(f[3]) }))
    .filter((a) => Number.isInteger(a.uid) && a.uid > 0 && Number.isInteger(a.gid))
    .sort((a, b) => a.user.localeCompare(b.user));
}

/** Where the host's account locks live: every runner process and test on the machine takes accounts through them. */
export const LAB_ACCOUNT_LOCKS = "/run/dockyard-labs/accounts";

/** An account held for one lab; `release` gives it back. */
export interface HeldLabAccount {
  account: LabAccount;
  release(): Promise<void>;
}

/**
 * Hands each lab an account no other running lab on the host has, whichever process started it: two labs under one
 * account would share its subordinate ids, and so could reach each other's files. Each account has a lock file,
 * held with flock(1) by a small child process for as long as the lab runs; the child reads this process's pipe, so
 * a runner that dies (even by SIGKILL) frees its accounts with it, and no lock is ever left stale.
 */
export class LabAccountPool {
  private readonly held = new Map<string, HeldLabAccount>();

  constructor(
    private readonly accounts: readonly LabAccount[],
    private readonly lockDir = LAB_ACCOUNT_LOCKS,
  ) {}

  /**
   * An account no lab on the host runs as, or undefined when every one does (the host is full). `which` narrows the
   * accounts looked at (the seeder wants one whose seed is missing).
   */
  async take(which: (account: LabAccount) => boolean = () => true): Promise<LabAccount | undefined> {
    await mkdir(this.lockDir, { recursive: true, mode: 0o700 });
    for (const account of this.accounts) {
      if (this.held.has(account.user) || !which(account)) continue;
      const lock = await holdLock(path.join(this.lockDir, `${account.user}.lock`));
      if (!lock) continue;
      this.held.set(account.user, { account, release: lock });
      return account;
    }
    return undefined;
  }

  async give(account: LabAccount): Promise<void> {
    const held = this.held.get(account.user);
    this.held.delete(account.user);
    await held?.release();
  }

  /** Every account this pool hands out. */
  get all(): readonly LabAccount[] {
    return this.accounts;
  }

  /** Accounts this process holds. */
  get taken(): number {
    return this.held.size;
  }
}

/**
 * Holds an exclusive flock on `file` until the returned function is called, or this process dies; undefined if
 * another holder has it. Lab accounts and runners' lab folders are held this way.
 */
export function holdLock(file: string): Promise<(() => Promise<void>) | undefined> {
  return new Promise((resolve, reject) => {
    // -n: never wait; `cat` keeps the lock until its stdin (this process's pipe) closes.
    const child = spawn("flock", ["-n", "-E", "75", file, "sh", "-c", "echo held; exec cat >/dev/null"], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.once("error", reject);
    // Exit code 75: another process holds it. After the lock was held, resolving again does nothing.
    child.once("exit", () => resolve(undefined));
    child.stdout.once("data", () => {
      child.stdout.destroy();
      // The lock is not what keeps this process alive; the lab is.
      child.unref();
      (child.stdin as unknown as { unref?: () => void }).unref?.();
      resolve(async () => {
        // Held again while it ends, or a process with nothing else to do would exit before the lock is gone.
        child.ref();
        child.stdin.end();
        await exited;
      });
    });
  });
}
