import { constants } from "node:fs";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import path from "node:path";
import type { LabEngine } from "./lab-engine";
import { isErrno } from "./lib";

export interface LabHomeFile {
  /** Relative to the learner's home (/home/lab inside the lab): `app/Dockerfile`. */
  path: string;
  content: string;
  /** Mode 755 instead of 644: a script the lab's goal asks the learner to run as `./name`. */
  executable?: boolean;
}

const { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = constants;
/** A FIFO planted where a file goes would block the write forever; O_NONBLOCK makes it fail instead. */
const FILE_FLAGS = O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK;

/**
 * Puts a lab's files in the learner's home, owned by the lab's account (the lab's root inside), directories made as
 * needed. The home is on the lab's disk, which the lab's own engine can write to, so nothing there is trusted: each
 * step opens one name relative to the directory opened before it and refuses to follow a symlink, so a link planted
 * in the home can never send a write onto the host. A path that is absolute or has `..` is refused before anything
 * is written.
 */
export async function writeLabHome(engine: LabEngine, files: readonly LabHomeFile[]): Promise<void> {
  const parts = files.map((file) => homePathParts(file.path));
  const { uid, gid } = engine.account;
  for (const [i, file] of files.entries()) {
    const names = parts[i]!;
    let dir = await open(path.join(engine.paths.disk, "home"), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try {
      for (const name of names.slice(0, -1)) {
        const next = await openDirectory(dir, name, uid, gid, file.path);
        await dir.close();
        dir = next;
      }
      const target = await openIn(dir, names.at(-1)!, FILE_FLAGS, 0o644, file.path);
      try {
        if (!(await target.stat()).isFile()) throw new Error(`cannot write ${file.path} in the lab's home: not a file`);
        await target.chown(uid, gid);
        await target.chmod(file.executable ? 0o755 : 0o644);
        await target.writeFile(file.content);
      } finally {
        await target.close();
      }
    } finally {
      await dir.close();
    }
  }
}

/** The path's names below the home; throws for anything that could point elsewhere. */
export function homePathParts(relative: string): string[] {
  const names = relative.split("/");
  const bad =
    relative.length === 0 ||
    relative.length > 1024 ||
    relative.includes("\0") ||
    names.some((name) => name === "" || name === "." || name === "..");
  if (bad)
    throw new Error(`"${relative}" is not a path inside the lab's home: relative, with no empty, "." or ".." part`);
  return names;
}

/** `name` in `dir`, made if missing (owned by the lab's account); never a symlink's target. */
async function openDirectory(dir: FileHandle, name: string, uid: number, gid: number, file: string) {
  const inDir = `/proc/self/fd/${dir.fd}/${name}`;
  const made = await mkdir(inDir, { mode: 0o755 }).then(
    () => true,
    (err: unknown) => {
      if (isErrno(err, "EEXIST")) return false;
      throw err;
    },
  );
  const handle = await openIn(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, file);
  if (made) await handle.chown(uid, gid);
  return handle;
}

/** openAt for a write: what stands in the way is an error that names the file. */
async function openIn(dir: FileHandle, name: string, flags: number, mode: number, file: string): Promise<FileHandle> {
  const handle = await openAt(dir, name, flags, mode);
  if (typeof handle !== "string") return handle;
  throw new Error(
    handle === "missing"
      ? `cannot write ${file} in the lab's home: "${name}" went away while it was being written`
      : `cannot write ${file} in the lab's home: "${name}" there is a symlink or not what it should be`,
  );
}

/** What was found at a path on the lab's disk (readLabDiskFile). */
export type LabDiskFile = { kind: "file"; content: string } | { kind: "missing" } | { kind: "not-a-file" };

/**
 * Reads the first `maxBytes` of a file on the lab's disk from the host, `names` below the disk's root (a volume's
 * file is `docker/volumes/<volume>/_data/…`). The disk is the lab's to write, so the walk is writeLabHome's: one
 * name at a time from the directory opened before it, never through a symlink, never a pipe or a device. The host's
 * view of the disk has no mounts the lab made, and the program reading is the runner's own, so nothing the lab
 * planted can answer in the file's place.
 */
export async function readLabDiskFile(engine: LabEngine, names: readonly string[], maxBytes: number) {
  let dir = await open(engine.paths.disk, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    for (const name of names.slice(0, -1)) {
      const next = await openAt(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      if (typeof next === "string") return { kind: next } as LabDiskFile;
      await dir.close();
      dir = next;
    }
    const file = await openAt(dir, names.at(-1)!, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (typeof file === "string") return { kind: file } as LabDiskFile;
    try {
      if (!(await file.stat()).isFile()) return { kind: "not-a-file" } as LabDiskFile;
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await file.read(buffer, 0, maxBytes, 0);
      return { kind: "file", content: buffer.subarray(0, bytesRead).toString("utf8") } as LabDiskFile;
    } finally {
      await file.close();
    }
  } finally {
    await dir.close();
  }
}

/**
 * openat(2) by way of /proc: the kernel resolves the directory's descriptor itself, so only `name` is looked up, and
 * O_NOFOLLOW refuses it when it is a symlink. Answers what stood in the way instead: nothing there, or a link, pipe
 * or device.
 */
async function openAt(
  dir: FileHandle,
  name: string,
  flags: number,
  mode = 0,
): Promise<FileHandle | "missing" | "not-a-file"> {
  try {
    return await open(`/proc/self/fd/${dir.fd}/${name}`, flags, mode);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return "missing";
    // A symlink (ELOOP), a file where a folder should be (ENOTDIR), a device on the nodev disk (EACCES), a socket.
    if (isErrno(err, "ELOOP", "ENOTDIR", "EACCES", "ENXIO", "EISDIR")) return "not-a-file";
    throw err;
  }
}
