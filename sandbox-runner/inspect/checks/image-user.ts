import type { FileEntry, ImageFacts } from "../image-facts";

/** Who the image's USER is, in ids: what the kernel compares with a file's owner, group and mode bits. */
export type UserIds = { uid: number; gids: number[]; name: string } | { unknown: string };

/**
 * Resolves the image config's User ("", "app", "1000", "app:staff", "1000:1000") against the image's own
 * /etc/passwd and /etc/group, as runc does when it starts the container: a name must be in passwd, a numeric uid
 * need not be; the groups are the primary one (or the one given after ":") plus those listing the user as member.
 */
export function resolveUser(user: string, accounts: ImageFacts["accounts"]): UserIds {
  const [who = "", group] = user.split(":");
  const users = table(accounts?.passwd);
  const groups = table(accounts?.group);
  let uid: number;
  let name: string;
  let primary: number | undefined;
  if (who === "") {
    uid = 0;
    name = "root";
    primary = 0;
  } else if (/^\d+$/.test(who)) {
    uid = Number(who);
    const row = users.find((r) => Number(r[2]) === uid);
    name = row?.[0] ?? who;
    primary = row ? Number(row[3]) : undefined;
  } else {
    const row = users.find((r) => r[0] === who);
    if (!row) return { unknown: `USER ${user}: the image's /etc/passwd has no user "${who}"` };
    uid = Number(row[2]);
    name = who;
    primary = Number(row[3]);
  }
  let gid = primary;
  if (group !== undefined) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const row = groups.find((r) => r[0] === group);
      if (!row) return { unknown: `USER ${user}: the image's /etc/group has no group "${group}"` };
      gid = Number(row[2]);
    }
  }
  const member = group === undefined ? groups.filter((r) => (r[3] ?? "").split(",").includes(name)) : [];
  const gids = [...new Set([...(gid === undefined ? [] : [gid]), ...member.map((r) => Number(r[2]))])];
  return { uid, gids, name };
}

/** Whether the user may execute the file: root needs any x bit; others the owner's, group's or others' bit. */
export function canExecute(entry: FileEntry, ids: { uid: number; gids: number[] }): boolean {
  const mode = entry.mode;
  if (ids.uid === 0) return (mode & 0o111) !== 0;
  if (entry.uid === ids.uid) return (mode & 0o100) !== 0;
  if (ids.gids.includes(entry.gid ?? 0)) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/** "rwxr-x---" */
export function modeString(mode: number): string {
  const bits = "rwxrwxrwx";
  return [...bits].map((c, i) => ((mode >> (8 - i)) & 1 ? c : "-")).join("");
}

function table(text: string | undefined): string[][] {
  return (text ?? "")
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => line.split(":"));
}
