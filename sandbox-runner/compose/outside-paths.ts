import type { KeyPath } from "../grading/lib";

export interface OutsidePath {
  keys: KeyPath;
  path: string;
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
/** A key that takes one entry or a list of them. */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Paths in a compose file that `docker compose config` would read and that
 * leave the exercise folder: absolute, ~, .., a variable, or a URL (remote
 * includes and build contexts would be fetched). The grader does not run the
 * CLI on such a file, so a submission cannot make it read the grader's files
 * or the network; the schema and rule checks still apply.
 */
export function findOutsidePaths(data: unknown): OutsidePath[] {
  const found: OutsidePath[] = [];
  const check = (value: unknown, keys: KeyPath) => {
    if (typeof value === "string" && leavesFolder(value)) found.push({ keys, path: value });
  };
  const top = record(data);
  for (const [i, entry] of list(top.include).entries()) {
    if (typeof entry === "string") check(entry, ["include", i]);
    else
      for (const [k, v] of Object.entries(record(entry)))
        for (const [j, p] of (Array.isArray(v) ? v : [v]).entries()) check(p, ["include", i, k, j]);
  }
  for (const section of ["secrets", "configs"]) {
    for (const [name, def] of Object.entries(record(top[section]))) check(record(def).file, [section, name, "file"]);
  }
  for (const [name, raw] of Object.entries(record(top.services))) {
    const s = record(raw);
    const base = ["services", name];
    for (const key of ["env_file", "label_file"]) {
      for (const [i, entry] of list(s[key]).entries()) {
        check(typeof entry === "string" ? entry : record(entry).path, [...base, key, i]);
      }
    }
    if (typeof s.build === "string") check(s.build, [...base, "build"]);
    const build = record(s.build);
    check(build.context, [...base, "build", "context"]);
    check(build.dockerfile, [...base, "build", "dockerfile"]);
    for (const [k, v] of Object.entries(record(build.additional_contexts)))
      check(v, [...base, "build", "additional_contexts", k]);
    check(record(s.extends).file, [...base, "extends", "file"]);
  }
  return found;
}

function leavesFolder(p: string): boolean {
  return (
    p.startsWith("/") ||
    p.startsWith("~") ||
    p.includes("$") ||
    p.includes("://") ||
    p.split(/[\\/]/).includes("..") ||
    /^[A-Za-z]:/.test(p)
  );
}
