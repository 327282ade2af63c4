import type { FileEntry, FileType } from "./image-facts";

export interface TarHeaderLike {
  name: string;
  size?: number;
  mode?: number;
  uid?: number;
  gid?: number;
  type?: string | null;
  linkname?: string | null;
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";

/** Strips "./" and "/" prefixes and trailing slashes: layer tars of different builders disagree. */
export function normalisePath(name: string): string {
  return name.replace(/^(\.?\/)+/, "").replace(/\/+$/, "");
}

/**
 * One layer-tar header as a FileEntry; undefined for the root directory and
 * for aufs bookkeeping entries (".wh..wh.plnk" and friends), which are not files.
 */
export function toFileEntry(header: TarHeaderLike): FileEntry | undefined {
  const path = normalisePath(header.name);
  if (path === "" || path === ".") return undefined;
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) : "";
  const name = path.slice(slash + 1);
  const common = {
    size: 0,
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    type: "other" as const,
    whiteout: true,
  };

  if (name === OPAQUE) return { ...common, path: dir, opaque: true };
  if (name.startsWith(`${WHITEOUT}${WHITEOUT}`)) return undefined;
  if (name.startsWith(WHITEOUT))
    return { ...common, path: dir ? `${dir}/${name.slice(WHITEOUT.length)}` : name.slice(WHITEOUT.length) };

  const type = fileType(header.type);
  // Some writers put the file-type bits (0o100000 …) into the mode; keep permissions and setuid/setgid/sticky only.
  return {
    path,
    size: type === "file" ? (header.size ?? 0) : 0,
    mode: (header.mode ?? 0) & 0o7777,
    type,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    ...((type === "symlink" || type === "hardlink") && header.linkname ? { linkTarget: header.linkname } : {}),
  };
}

function fileType(type: string | null | undefined): FileType {
  switch (type) {
    case "file":
    case "contiguous-file":
      return "file";
    case "directory":
      return "dir";
    case "symlink":
      return "symlink";
    case "link":
      return "hardlink";
    default:
      return "other";
  }
}
