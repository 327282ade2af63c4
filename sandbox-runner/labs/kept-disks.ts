import { execFile } from "node:child_process";
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type pg from "pg";
import type { LabAccount } from "./lab-accounts";
import {
  dropKeptLab,
  giveBackKeptLab,
  type KeptLabRow,
  keptLabIdsAmong,
  recordKeptLab,
  removeExpiredKeptLabs,
  takeKeptLab,
} from "./lib";

const run = promisify(execFile);
const SHIFT = fileURLToPath(new URL("./shift-owners.py", import.meta.url));
/** Kept lab ids and session ids are UUIDs the database made: nothing else ever names a file here. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A kept disk with no row this long is a leftover (its learner forgot it, or its account was deleted). */
const STRAY_AFTER_MS = 10 * 60 * 1000;
/** A `.partial` this old belongs to a process that died while keeping: a seal takes seconds. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;
/** The longest an owner shift may take: a full 4 GiB disk of small files is walked in well under a minute. */
const SHIFT_TIMEOUT_MS = 5 * 60 * 1000;

/** [from, to, count]: ids from..from+count-1 become to..to+count-1. */
type IdRange = [from: number, to: number, count: number];

/** What an owner shift changes: a kept disk's file owners and groups, from any lab account's ids to one account's. */
export interface OwnerShift {
  uid: IdRange[];
  gid: IdRange[];
}

/** An account's subordinate ids, from /etc/subuid and /etc/subgid (scripts/labs/ensure-lab-host.sh writes them). */
export interface SubordinateIds {
  uid: { start: number; count: number };
  gid: { start: number; count: number };
}

export async function readSubordinateIds(
  files = { uid: "/etc/subuid", gid: "/etc/subgid" },
): Promise<Map<string, SubordinateIds>> {
  const ranges = async (file: string) => {
    const found = new Map<string, { start: number; count: number }>();
    for (const line of (await readFile(file, "utf8")).split("\n")) {
      const [user, start, count] = line.split(":");
      if (user && Number.isInteger(Number(start)) && Number(count) > 0 && !found.has(user))
        found.set(user, { start: Number(start), count: Number(count) });
    }
    return found;
  };
  const [uid, gid] = await Promise.all([ranges(files.uid), ranges(files.gid)]);
  const ids = new Map<string, SubordinateIds>();
  for (const [user, u] of uid) {
    const g = gid.get(user);
    if (g) ids.set(user, { uid: u, gid: g });
  }
  return ids;
}

/**
 * The shift giving a disk kept under any of `accounts` to `to`: each account's own id (the lab's root) to `to`'s,
 * and its subordinate ids (everyone else in the lab) to `to`'s, offset for offset. Covering every account, not only
 * the one the disk was kept under, makes a shift that died half way safe to run again under any account.
 */
export function ownerShift(
  accounts: readonly LabAccount[],
  ids: ReadonlyMap<string, SubordinateIds>,
  to: LabAccount,
): OwnerShift {
  const target = ids.get(to.user);
  if (!target) throw new Error(`${to.user} has no subordinate ids`);
  const shift: OwnerShift = { uid: [], gid: [] };
  for (const account of accounts) {
    const own = ids.get(account.user);
    if (account.uid !== to.uid) shift.uid.push([account.uid, to.uid, 1]);
    if (account.gid !== to.gid) shift.gid.push([account.gid, to.gid, 1]);
    if (!own || account.user === to.user) continue;
    shift.uid.push([own.uid.start, target.uid.start, Math.min(own.uid.count, target.uid.count)]);
    shift.gid.push([own.gid.start, target.gid.start, Math.min(own.gid.count, target.gid.count)]);
  }
  return shift;
}

/**
 * Where a kept disk's owner shift stands, in a file next to it (`<id>.owner`, root's): empty while a shift runs (or
 * after one that died: half its files shifted), else the account the disk's files were last given to. No file: the
 * disk is still its kept_lab row's account's.
 */
export interface ShiftMark {
  file: string;
  /** The account the shift gives the disk to. */
  to: string;
}

/** The done line shift-owners.py prints last, and only once every file is shifted. */
const SHIFT_DONE = /^done (\d+) (\d+)$/m;

/**
 * Gives the files of a mounted, unused kept disk to new owners (shift-owners.py, which never follows a link nor
 * opens a name as a path). Answers how many files it looked at and changed. With a mark, the disk counts as shifted
 * only once the script said it is done: one killed half way (the host died, the timeout) is shifted again at its next
 * resume, whoever resumes it, and the shift completes it (its map covers every lab account's ids).
 */
export async function shiftOwners(
  root: string,
  shift: OwnerShift,
  mark?: ShiftMark,
): Promise<{ files: number; changed: number }> {
  if (mark) await writeFile(mark.file, "", { mode: 0o600 });
  const { stdout } = await run("/usr/bin/python3", ["-I", SHIFT, root, JSON.stringify(shift)], {
    timeout: SHIFT_TIMEOUT_MS,
    maxBuffer: 64 * 1024,
  });
  const done = SHIFT_DONE.exec(stdout);
  if (!done)
    throw new Error(`the owner shift of ${root} ended without finishing: ${JSON.stringify(stdout.slice(-200))}`);
  if (mark) await writeFile(mark.file, mark.to, { mode: 0o600 });
  return { files: Number(done[1]), changed: Number(done[2]) };
}

/** The account whose ids a kept disk's files have: its mark's, or its row's; "" when a shift of it was cut short. */
export async function keptDiskOwner(mark: string, row: Pick<KeptLabRow, "account">): Promise<string> {
  const owner = await readFile(mark, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return row.account;
    throw err;
  });
  return owner.trim();
}

/** What became of a closed lab's work. */
export type KeepFate =
  | { kept: true; expiresAt: Date; bytes: number; evicted: KeptLabRow[] }
  | { kept: false; why: "too-big"; bytes: number; quotaBytes: number }
  | { kept: false; why: "failed" };

/** What a resumed lab starts from: its kept disk and, when another account kept it, the owners' shift. */
export interface Resume {
  row: KeptLabRow;
  file: string;
  shift?: OwnerShift;
  /** Where the shift records that it finished (`shiftOwners`); with `shift`. */
  mark?: ShiftMark;
}

export interface KeptDisksOptions {
  /** Where kept disks lie, root's alone (0700), each `<kept lab id>.img` (0600): DATA_DIR/kept-labs. */
  dir: string;
  db: pg.Pool;
  /** Every lab account of the machine: a disk kept under any of them may be resumed under any other. */
  accounts: readonly LabAccount[];
  /** /etc/subuid and /etc/subgid; tests give their own. */
  subordinateIds?: () => Promise<Map<string, SubordinateIds>>;
  log: (line: string) => void;
}

/**
 * Learners' kept labs on the host's side (docs/labs.md "Kept labs"). A lab that closes is sealed as a seed is (its
 * engine shut down as on a reboot, its file system trimmed and unmounted) and its disk file moved here under the id
 * of its kept_lab row; the learner's next start of that lab moves it back into a lab folder and starts an engine on
 * it. No path the lab can write is ever resolved: the files here are named by the database's ids, the folder is
 * root's alone, and a disk is only ever mounted by the host while no lab runs on it. Another learner's lab runs as
 * another account's ids, and a kept disk is given to an account only for the learner who kept it.
 */
export class KeptDisks {
  private sweeping: Promise<void> | undefined;

  constructor(private readonly opts: KeptDisksOptions) {}

  file(id: string): string {
    if (!ID.test(id)) throw new Error(`not a kept lab id: ${JSON.stringify(id)}`);
    return path.join(this.opts.dir, `${id}.img`);
  }

  /** The disk's ShiftMark file, `<id>.owner`. */
  private mark(id: string): string {
    return `${this.file(id).slice(0, -4)}.owner`;
  }

  /**
   * The kept lab a claimed session resumes, taken for it, with what the engine needs to start on it as `account`;
   * undefined when there is none (or the learner asked to start over: the kept one is forgotten).
   */
  async take(sessionId: string, account: LabAccount): Promise<Resume | "lost" | undefined> {
    const row = await takeKeptLab(this.opts.db, sessionId);
    if (!row) return undefined;
    const file = this.file(row.id);
    const found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) {
      // Its disk went with a host that died for good (a resumed lab whose runner never came back), or was removed by
      // hand: the lab starts afresh and says so, rather than failing at every start.
      this.opts.log(`the kept lab ${row.id} has no disk in ${this.opts.dir}; forgotten`);
      await dropKeptLab(this.opts.db, row.id);
      return "lost";
    }
    const mark = this.mark(row.id);
    // A disk whose last shift was cut short is shifted again, even for the account it was kept under.
    if ((await keptDiskOwner(mark, row)) === account.user) return { row, file };
    const ids = await (this.opts.subordinateIds ?? readSubordinateIds)();
    return { row, file, shift: ownerShift(this.opts.accounts, ids, account), mark: { file: mark, to: account.user } };
  }

  /** A resume that failed: the disk is back in its place (startLabEngine puts it back), the row free again. */
  async giveBack(resume: Resume): Promise<void> {
    await giveBackKeptLab(this.opts.db, resume.row.id);
  }

  /**
   * Keeps the session's lab: `seal` writes its disk to the file it is given, which becomes the learner's kept lab
   * (replacing the one the session resumed). Never throws: a failure is the host's, said in the log and to the
   * learner, and the lab's folder is removed by the seal as a stop would.
   */
  async keep(sessionId: string, account: LabAccount, seal: (dest: string) => Promise<void>): Promise<KeepFate> {
    if (!ID.test(sessionId)) throw new Error(`not a session id: ${JSON.stringify(sessionId)}`);
    const partial = path.join(this.opts.dir, `${sessionId}.partial`);
    try {
      await this.ensureDir();
      await seal(partial);
      // Root's alone, like the folder: a kept lab is readable by no account, lab or learner.
      await chmod(partial, 0o600);
      const bytes = (await stat(partial)).blocks * 512;
      const outcome = await recordKeptLab(this.opts.db, sessionId, { account: account.user, bytes });
      if (!outcome.kept) {
        await rm(partial, { force: true });
        return { kept: false, why: "too-big", bytes: outcome.bytes, quotaBytes: outcome.quotaBytes };
      }
      // A fresh seal is its row's account's: a mark from an earlier shift of that kept lab says no more.
      await rm(this.mark(outcome.id), { force: true });
      await rename(partial, this.file(outcome.id));
      for (const evicted of outcome.evicted) await this.remove(evicted.id);
      return { kept: true, expiresAt: outcome.expiresAt, bytes, evicted: outcome.evicted };
    } catch (err) {
      this.opts.log(`keeping lab ${sessionId} failed: ${(err as Error).message}`);
      await rm(partial, { force: true }).catch(() => undefined);
      return { kept: false, why: "failed" };
    }
  }

  /** Removes expired kept labs and disks with no kept lab (forgotten by their learner); one sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((err: Error) => this.opts.log(`sweeping kept labs failed: ${err.message}`))
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    for (const id of await removeExpiredKeptLabs(this.opts.db)) await this.remove(id);
    const entries = await readdir(this.opts.dir).catch(() => [] as string[]);
    // A mark's disk may be out in a running lab: its row says whether it is still kept.
    const disks = entries.filter((e) => /\.(img|owner)$/.test(e)).map((e) => e.replace(/\.(img|owner)$/, ""));
    const known = await keptLabIdsAmong(
      this.opts.db,
      disks.filter((id) => ID.test(id)),
    );
    const now = Date.now();
    for (const entry of entries) {
      const file = path.join(this.opts.dir, entry);
      const age = now - ((await stat(file).catch(() => undefined))?.mtimeMs ?? now);
      const disk = entry.endsWith(".img") || entry.endsWith(".owner");
      const stray = disk && !known.has(entry.replace(/\.(img|owner)$/, "")) && age > STRAY_AFTER_MS;
      if (stray || (entry.endsWith(".partial") && age > STALE_PARTIAL_MS)) await rm(file, { force: true });
    }
  }

  /** A kept disk and its shift mark. */
  private async remove(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
    await rm(this.mark(id), { force: true });
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.opts.dir, { recursive: true, mode: 0o700 });
    await chmod(this.opts.dir, 0o700);
  }
}
