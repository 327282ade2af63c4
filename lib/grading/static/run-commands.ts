import { programArgv, programName, splitShellCommands, type ShellCommand } from "./shell-commands";

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ash", "ksh"]);
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HAS_HEREDOC = /<<-?["']?[A-Za-z_]/;

/**
 * The shell commands a RUN executes, with 1-based Dockerfile line numbers.
 * Exec form runs one program (or a script when it is ["sh", "-c", "..."]);
 * heredoc bodies are parsed as shell only when the shell is what reads them,
 * since "python3 <<EOF" feeds Python source, not commands.
 */
export function runCommands(rawArgs: string, argsLine: number, exec: string[] | undefined, continuation: string): ShellCommand[] {
  if (exec) return execCommands(exec, argsLine);
  const [first = "", ...rest] = rawArgs.split("\n");
  if (!HAS_HEREDOC.test(first)) return shift(splitShellCommands(rawArgs, continuation), argsLine);
  const bodies = heredocBodies(first, rest, argsLine + 1);
  const head = splitShellCommands(first.replace(HEREDOC_MARKER, " "), continuation);
  const program = programArgv(head[0]?.argv ?? []);
  const shellReadsBody = head.length === 0 || (head.length === 1 && SHELLS.has(programName(program[0])) && !program.includes("-c"));
  if (!shellReadsBody) return shift(head, argsLine);
  return bodies.flatMap((body) => (isNonShellScript(body.text) ? [] : shift(splitShellCommands(body.text), body.line)));
}

function execCommands(exec: string[], line: number): ShellCommand[] {
  const [program, flag, script] = exec;
  if (SHELLS.has(programName(program)) && flag === "-c" && script !== undefined) return shift(splitShellCommands(script), line);
  return exec.length === 0 ? [] : [{ argv: exec, line, next: "end", text: exec.join(" ") }];
}

function heredocBodies(first: string, rest: string[], firstBodyLine: number): { text: string; line: number }[] {
  const bodies: { text: string; line: number }[] = [];
  let index = 0;
  for (const marker of first.matchAll(HEREDOC_MARKER)) {
    const stripTabs = marker[1] === "-";
    const name = marker[3]!;
    const start = index;
    while (index < rest.length && (stripTabs ? rest[index]!.replace(/^\t+/, "") : rest[index]) !== name) index++;
    bodies.push({ text: rest.slice(start, index).join("\n"), line: firstBodyLine + start });
    index++;
  }
  return bodies;
}

/** BuildKit runs a heredoc that starts with a shebang with that interpreter. */
function isNonShellScript(body: string): boolean {
  const shebang = /^\s*#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!shebang) return false;
  const interpreter = programName(shebang[1] === "/usr/bin/env" ? shebang[2] : shebang[1]);
  return !SHELLS.has(interpreter);
}

function shift(commands: ShellCommand[], firstLine: number): ShellCommand[] {
  for (const command of commands) command.line += firstLine;
  return commands;
}
