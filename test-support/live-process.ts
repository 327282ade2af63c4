import { readFileSync } from "node:fs";

/** A live process: not gone, and not a zombie waiting for a parent that is gone (no init reaps it in a container). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "<pid> (<comm>) <state> …"; comm may hold spaces, so the state is read after the last parenthesis.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
