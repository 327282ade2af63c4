import { programArgv, programName } from "../../dockerfile/shell-commands";

export interface PackageManagerCall {
  tool: string;
  /** The subcommand: "install", "update", "add", "del", ... */
  sub: string;
  /** Non-option words after the subcommand (package names for install/add). */
  packages: string[];
  /** Option words, with their values joined as "-o=value". */
  options: string[];
}

const APT = new Set(["apt-get", "apt", "aptitude"]);
const APT_VALUE_OPTIONS = new Set([
  "-o",
  "-t",
  "-c",
  "-a",
  "--option",
  "--target-release",
  "--config-file",
  "--host-architecture",
]);
const APK_VALUE_OPTIONS = new Set(["-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir"]);

/** Reads an apt-get / apt / aptitude command, or undefined for any other program. */
export function aptCall(argv: readonly string[]): PackageManagerCall | undefined {
  const program = programArgv(argv);
  const tool = programName(program[0]);
  return APT.has(tool) ? splitCall(tool, program.slice(1), APT_VALUE_OPTIONS) : undefined;
}

/** Reads an Alpine `apk` command. */
export function apkCall(argv: readonly string[]): PackageManagerCall | undefined {
  const program = programArgv(argv);
  return programName(program[0]) === "apk" ? splitCall("apk", program.slice(1), APK_VALUE_OPTIONS) : undefined;
}

function splitCall(tool: string, words: readonly string[], valueOptions: Set<string>): PackageManagerCall {
  const options: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith("-")) rest.push(w);
    else if (valueOptions.has(w) && i + 1 < words.length) options.push(`${w}=${words[++i]}`);
    else options.push(w);
  }
  const [sub = "", ...packages] = rest;
  return { tool, sub, packages, options };
}

/** Whether this apt-get install will skip recommended packages. */
export function skipsRecommends(call: PackageManagerCall): boolean {
  return call.options.some((o) => o === "--no-install-recommends" || /Install-Recommends=(0|false|no)/i.test(o));
}
