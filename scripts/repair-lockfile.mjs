// The npm registry reachable here lacks some other-platform optional binaries
// (e.g. macOS builds of @tailwindcss/oxide), so `npm install` leaves them out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This
// records each missing optional dependency the way npm would have: optional and
// restricted to its platform, so every machine skips the ones it can't use.
// Run after changing dependencies: node scripts/repair-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["android", "darwin", "freebsd", "linux", "openbsd", "sunos", "win32", "aix", "netbsd", "openharmony"];
const CPU = ["arm64", "x64", "ia32", "arm", "wasm32", "ppc64", "s390x", "riscv64", "loong64", "mips64el"];

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const added = [];

for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolve(location, name)) continue;
    const platform = platformOf(name);
    if (!platform) continue; // not a platform binary: a genuine lockfile problem, leave it visible
    lock.packages[`node_modules/${name}`] = { version: spec.replace(/^[\^~=]/, ""), optional: true, ...platform };
    added.push(`${name}@${spec}`);
  }
}

writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length
    ? `recorded ${added.length} platform-only optional packages:\n  ${added.join("\n  ")}`
    : "lockfile already complete",
);

/** npm looks a dependency up in the nested node_modules chain, then at the top. */
function resolve(location, name) {
  let base = location;
  for (;;) {
    if (lock.packages[`${base ? `${base}/` : ""}node_modules/${name}`]) return true;
    if (!base) return false;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut >= 0 ? base.slice(0, cut) : "";
  }
}

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os && cpu !== "wasm32") return undefined;
  const result = {};
  if (os) result.os = [os];
  if (cpu) result.cpu = [cpu];
  if (os === "linux" && parts.includes("musl")) result.libc = ["musl"];
  if (os === "linux" && parts.some((p) => p.startsWith("gnu"))) result.libc = ["glibc"];
  return result;
}
