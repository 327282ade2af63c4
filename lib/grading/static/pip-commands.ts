import { programArgv, programName } from "../../dockerfile/shell-commands";

export interface PipInstall {
  tool: "pip" | "uv";
  options: string[];
  /** -r / --requirement files. */
  requirementFiles: string[];
  /** Requirement specifiers and paths given on the command line (including -e targets). */
  specs: string[];
}

const VALUE_OPTIONS = new Set([
  "-r",
  "--requirement",
  "-c",
  "--constraint",
  "-e",
  "--editable",
  "-t",
  "--target",
  "--platform",
  "--python-version",
  "--implementation",
  "--abi",
  "--root",
  "--prefix",
  "--src",
  "--upgrade-strategy",
  "-i",
  "--index-url",
  "--extra-index-url",
  "--index",
  "--default-index",
  "-f",
  "--find-links",
  "--no-binary",
  "--only-binary",
  "--progress-bar",
  "--log",
  "--log-file",
  "--cache-dir",
  "--trusted-host",
  "--proxy",
  "--timeout",
  "--retries",
  "--exists-action",
  "--cert",
  "--client-cert",
  "--report",
  "-C",
  "--config-settings",
  "--global-option",
  "--python",
  "-p",
  "--keyring-provider",
  "--root-user-action",
  "--use-feature",
  "--use-deprecated",
  "--extra",
  "--group",
  "--override",
]);

/**
 * Recognises "pip install", "pip3.11 install", "python -m pip install",
 * "/opt/venv/bin/pip install" and "uv pip install"; undefined otherwise.
 */
export function pipInstall(argv: readonly string[]): PipInstall | undefined {
  const program = programArgv(argv);
  const name = programName(program[0]);
  let rest: string[] | undefined;
  if (/^pip\d*(\.\d+)?$/.test(name) && program[1] === "install") rest = program.slice(2);
  else if (/^python\d*(\.\d+)?$/.test(name)) {
    const m = program.indexOf("-m");
    if (m > 0 && program[m + 1] === "pip" && program[m + 2] === "install") rest = program.slice(m + 3);
  } else if (name === "uv" && program[1] === "pip" && program[2] === "install") {
    return { tool: "uv", ...splitPipArgs(program.slice(3)) };
  }
  return rest ? { tool: "pip", ...splitPipArgs(rest) } : undefined;
}

function splitPipArgs(words: string[]): Omit<PipInstall, "tool"> {
  const result: Omit<PipInstall, "tool"> = { options: [], requirementFiles: [], specs: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith("-")) {
      result.specs.push(w);
      continue;
    }
    const eq = w.indexOf("=");
    let name = eq > 0 ? w.slice(0, eq) : w;
    let value = eq > 0 ? w.slice(eq + 1) : undefined;
    // "-rrequirements.txt": short options glue their value on.
    if (value === undefined && /^-[rce]./.test(w)) {
      name = w.slice(0, 2);
      value = w.slice(2);
    }
    if (value === undefined && VALUE_OPTIONS.has(name)) value = words[++i];
    result.options.push(value === undefined ? name : `${name}=${value}`);
    if ((name === "-r" || name === "--requirement") && value) result.requirementFiles.push(value);
    if ((name === "-e" || name === "--editable") && value) result.specs.push(value);
  }
  return result;
}
