import path from "node:path";
import { build } from "esbuild";

/**
 * How much of lib/ each runner entry loads (issue 55): every entry is bundled with esbuild as the runner runs it
 * (packages external), and the lib/ files in its metafile counted. A host that loads the web's code pays for it
 * in start-up time and in what a change to lib/ can break. `node --import tsx bench/runner-lib-files.ts`
 */
const ROOT = path.resolve(import.meta.dirname, "..");
/** As the runner runs: its own modules bundled, packages left to node_modules. */
const OPTIONS = { bundle: true, write: false, metafile: true, packages: "external", platform: "node" } as const;
const ENTRIES = [
  "sandbox-runner/main.ts",
  "sandbox-runner/hosts/grading.ts",
  "sandbox-runner/shell/shell-host.ts",
  "sandbox-runner/hosts/labs.ts",
  "sandbox-runner/hosts/runner-core.ts",
];

for (const entry of ENTRIES) {
  const result = await build({ ...OPTIONS, format: "esm", absWorkingDir: ROOT, entryPoints: [`./${entry}`] });
  const inputs = Object.keys(result.metafile.inputs);
  const lib = inputs.filter((file) => file.startsWith("lib/")).length;
  const runner = inputs.filter((file) => file.startsWith("sandbox-runner/")).length;
  // lib/config/env.ts is the web's whole schema: a runner entry that loads it parses the web's settings too.
  const web = inputs.includes("lib/config/env.ts") ? "yes" : "no";
  const counts = `lib/ ${String(lib).padStart(4)}   sandbox-runner/ ${String(runner).padStart(4)}`;
  console.log(`${entry.padEnd(40)} ${counts}   web settings: ${web}`);
}
