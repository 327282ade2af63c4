import { posix } from "node:path";
import type { FileEntry } from "../image-facts";
import type { PlacedEntry } from "../overlay-layers";

/** The file tree a container sees: overlayLayers' final map, keyed by path without a leading "/". */
export type ImageTree = ReadonlyMap<string, PlacedEntry>;

export type Resolved =
  | { found: FileEntry; path: string; via: string[] }
  /** `missing` is the first absolute path that does not exist on the way (the asked path, or a directory above it). */
  | { missing: string }
  | { loop: string };

/** Linux gives up after 40 symlinks in one lookup (ELOOP). */
const MAX_LINKS = 40;

/**
 * Resolves an absolute path in the image's file tree the way the kernel does: component by component, following
 * symlinks (absolute ones from the image root, relative ones from their directory) on the way and at the end.
 * `via` lists the symlinks followed, for messages ("/usr/local/bin/python → python3.11").
 */
export function resolvePath(tree: ImageTree, absolute: string): Resolved {
  let pending = split(absolute);
  const done: string[] = [];
  const via: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const [name, ...rest] = pending;
    pending = rest;
    if (name === "." || name === "") continue;
    if (name === "..") {
      done.pop();
      continue;
    }
    const path = [...done, name].join("/");
    const entry = tree.get(path)?.entry;
    if (!entry) {
      // Layer tars list parent directories, but a hand-made one may not: a path with children is a directory.
      if (pending.length > 0 && hasChildren(tree, path)) {
        done.push(name!);
        continue;
      }
      return { missing: `/${path}` };
    }
    if (entry.type === "symlink" && entry.linkTarget) {
      if (++links > MAX_LINKS) return { loop: `/${path}` };
      via.push(`/${path} → ${entry.linkTarget}`);
      const target = split(entry.linkTarget);
      if (entry.linkTarget.startsWith("/")) done.length = 0;
      pending = [...target, ...pending];
      continue;
    }
    if (pending.length > 0 && entry.type !== "dir") return { missing: `/${[...done, name, ...pending].join("/")}` };
    done.push(name!);
    if (pending.length === 0) return { found: entry, path: `/${done.join("/")}`, via };
  }
  return { found: { path: "", size: 0, mode: 0o755, type: "dir", uid: 0 }, path: "/", via };
}

/** Names directly inside a directory of the image (after resolving it), for "did you mean". */
export function listDirectory(tree: ImageTree, absolute: string): string[] {
  const resolved = resolvePath(tree, absolute);
  if (!("found" in resolved) || resolved.found.type !== "dir") return [];
  const prefix = resolved.path === "/" ? "" : `${resolved.path.slice(1)}/`;
  const names: string[] = [];
  for (const key of tree.keys()) {
    if (key.startsWith(prefix) && !key.slice(prefix.length).includes("/") && key.length > prefix.length)
      names.push(key.slice(prefix.length));
  }
  return names.sort();
}

/** `path` made absolute against a working directory ("" means /), as the kernel would for a process started there. */
export function absoluteIn(workdir: string, path: string): string {
  return posix.resolve(workdir || "/", path);
}

function split(path: string): string[] {
  return path.split("/").filter((p) => p !== "");
}

function hasChildren(tree: ImageTree, path: string): boolean {
  const prefix = `${path}/`;
  for (const key of tree.keys()) if (key.startsWith(prefix)) return true;
  return false;
}
