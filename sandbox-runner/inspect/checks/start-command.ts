import { programArgv, programName, splitShellCommands } from "../../grading/lib";

/** Where a word of the start command came from: the image's ENTRYPOINT or its CMD. */
export type WordSource = "entrypoint" | "cmd";

export interface StartWord {
  word: string;
  from: WordSource;
}

/** What the start command asks the image to have: the program, and the file or module it is told to run. */
export interface StartTargets {
  /** The program the kernel executes (the shell, for a shell-form command). */
  program: StartWord;
  /** When the program is a shell running a script string: that script's own program. */
  shellProgram?: StartWord;
  /** A script file handed to an interpreter: `app/main.py` of `python app/main.py`. */
  script?: StartWord & { interpreter: string };
  /** A Python module to import: `train.train` of `python -m train.train`, `app.main` of `uvicorn app.main:app`. */
  module?: StartWord & { runner: string; needsMain: boolean };
}

const SHELLS = /^(sh|bash|dash|ash|zsh)$/;
const PYTHON = /^python[\d.]*$/;
const NODE = /^(node|nodejs)$/;
/** ASGI/WSGI servers whose first positional argument is "module:attribute", imported from the working directory. */
const APP_SERVERS = /^(uvicorn|gunicorn|hypercorn)$/;
/** Shell builtins change the shell itself (cd, export ...): what runs after them is not worth guessing. */
const BUILTINS = new Set(["cd", "export", "set", "source", ".", "trap", "ulimit", "umask", "eval", ":", "true"]);

/** An interpreter's options that run code given inline (nothing to look for), and those that take a value. */
const PYTHON_OPTIONS = { inline: new Set(["-c", "-"]), withValue: new Set(["-W", "-X", "-Q"]) };
const NODE_OPTIONS = {
  inline: new Set(["-e", "--eval", "-p", "--print", "-"]),
  withValue: new Set(["-r", "--require", "--import", "--loader", "--env-file"]),
};
const APP_SERVER_DIR_OPTIONS = new Set(["--app-dir", "--chdir", "--pythonpath"]);

/**
 * The image's start command as the engine runs it (ENTRYPOINT words, then CMD words) and what it needs from the
 * image: the program, and for a known interpreter the script or module it is told to run. Words a shell would
 * expand ($VAR, globs) are left unchecked: their value is only known at run time.
 */
export function startTargets(config: { entrypoint: string[] | null; cmd: string[] | null }): StartTargets | undefined {
  const words: StartWord[] = [
    ...(config.entrypoint ?? []).map((word) => ({ word, from: "entrypoint" as const })),
    ...(config.cmd ?? []).map((word) => ({ word, from: "cmd" as const })),
  ];
  if (words.length === 0) return undefined;
  const program = words[0]!;
  const targets: StartTargets = { program };
  const args = words.slice(1);
  const inner = innerTargets(program.word, args, 0);
  return inner ? { ...targets, ...inner } : targets;
}

function innerTargets(program: string, args: StartWord[], depth: number): Omit<StartTargets, "program"> | undefined {
  const name = programName(program);
  if (SHELLS.test(name)) {
    const c = args.findIndex((a) => !a.word.startsWith("-") || a.word === "-c");
    if (c >= 0 && args[c]!.word === "-c") {
      const script = args[c + 1];
      return script && depth === 0 ? shellScriptTargets(script) : undefined;
    }
    const file = firstPositional(args, new Set(["-o"]));
    return file ? { script: { ...file, interpreter: name } } : undefined;
  }
  const python = PYTHON.test(name);
  if (python || NODE.test(name)) {
    const { inline, withValue } = python ? PYTHON_OPTIONS : NODE_OPTIONS;
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!.word;
      if (inline.has(w)) return undefined;
      if (python && w === "-m")
        return args[i + 1] ? { module: { ...args[i + 1]!, runner: name, needsMain: true } } : undefined;
      if (withValue.has(w)) {
        i++;
        continue;
      }
      if (w.startsWith("-")) continue;
      return { script: { ...args[i]!, interpreter: name } };
    }
    return undefined;
  }
  if (APP_SERVERS.test(name)) {
    if (args.some((a) => APP_SERVER_DIR_OPTIONS.has(a.word.split("=")[0]!))) return undefined;
    const app = args.find((a) => /^[A-Za-z_][\w.]*:[A-Za-z_]/.test(a.word));
    if (!app) return undefined;
    return { module: { ...app, word: app.word.slice(0, app.word.indexOf(":")), runner: name, needsMain: false } };
  }
  return undefined;
}

/** `sh -c "python app/main.py"`: the script's first simple command, when it is plain enough to read. */
function shellScriptTargets(script: StartWord): Omit<StartTargets, "program"> | undefined {
  const first = splitShellCommands(script.word)[0];
  if (!first) return undefined;
  const argv = programArgv(first.argv);
  const [program, ...rest] = argv;
  if (!program || BUILTINS.has(program) || expands(program)) return undefined;
  const shellProgram = { word: program, from: script.from };
  const args = rest.filter((w) => !expands(w)).map((word) => ({ word, from: script.from }));
  // A word dropped for expanding would shift positions: only read the arguments when none was dropped.
  const inner = args.length === rest.length ? innerTargets(program, args, 1) : undefined;
  return { shellProgram, ...inner };
}

function firstPositional(args: StartWord[], withValue: Set<string>): StartWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.word;
    if (withValue.has(w)) {
      i++;
      continue;
    }
    if (!w.startsWith("-") && !w.startsWith("+")) return args[i];
  }
  return undefined;
}

function expands(word: string): boolean {
  return /[$`*?[~]/.test(word);
}
