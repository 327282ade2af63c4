import { readFile } from "node:fs/promises";

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

/**
 * Hands each lab an account no other running lab has: two labs under one account would share its subordinate
 * ids, and so could reach each other's files.
 */
export class LabAccountPool {
  private readonly busy = new Set<string>();
  constructor(private readonly accounts: readonly LabAccount[]) {}

  /** An idle account, or undefined when every one runs a lab (the host is full). */
  take(): LabAccount | undefined {
    const account = this.accounts.find((a) => !this.busy.has(a.user));
    if (account) this.busy.add(account.user);
    return account;
  }

  give(account: LabAccount): void {
    this.busy.delete(account.user);
  }

  get free(): number {
    return this.accounts.length - this.busy.size;
  }
}
