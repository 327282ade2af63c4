import type { HeredocBody } from "./model";
import { programArgv, programName, type ShellCommand, splitShellCommands } from "./shell-commands";

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ash", "ksh"]);

/**
 * The shell commands a RUN executes, with 1-based Dockerfile line numbers.
 * `header` is the RUN's arguments without heredoc bodies; `argsLine` its line.
 * Exec form runs one program (or a script when it is ["sh", "-c", "..."]).
 * Heredoc bodies are commands only when a shell reads them, as BuildKit runs
 * them: `RUN <<EOF` alone runs its body as the script, `RUN <<EOF bash` feeds
 * it to bash; but `RUN python3 <<EOF` feeds Python source and `RUN cat <<EOF >
 * file` writes a file, and `RUN <<A <<B` with no command runs neither body.
 */
export function runCommands(
  header: string,
  argsLine: number,
  exec: string[] | undefined,
  continuation: string,
  heredocs: readonly HeredocBody[],
): ShellCommand[] {
  if (exec) return execCommands(exec, argsLine);
  if (heredocs.length === 0) return shift(splitShellCommands(header, continuation), argsLine);
  const names = heredocs.map((h) => h.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const markers = new RegExp(`\\d*<<-?(["']?)(?:${names})\\1`, "g");
  const head = shift(splitShellCommands(header.replace(markers, " "), continuation), argsLine);
  const program = programArgv(head[0]?.argv ?? []);
  const shellReadsBody = head.length === 1 && SHELLS.has(programName(program[0])) && !program.includes("-c");
  const bodyIsScript = head.length === 0 && heredocs.length === 1;
  if (!shellReadsBody && !bodyIsScript) return head;
  const body = heredocs[0]!;
  const script = body.stripTabs ? body.content.replace(/^\t+/gm, "") : body.content;
  // BuildKit runs a lone heredoc that starts with a shebang with that interpreter.
  const commands = bodyIsScript && isNonShellScript(script) ? [] : shift(splitShellCommands(script), body.line);
  return [...head, ...commands];
}

function execCommands(exec: string[], line: number): ShellCommand[] {
  const [program, flag, script] = exec;
  if (SHELLS.has(programName(program)) && flag === "-c" && script !== undefined)
    return shift(splitShellCommands(script), line);
  return exec.length === 0 ? [] : [{ argv: exec, line, next: "end", text: exec.join(" ") }];
}

function isNonShellScript(body: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!shebang) return false;
  const interpreter = programName(shebang[1] === "/usr/bin/env" ? shebang[2] : shebang[1]);
  return !SHELLS.has(interpreter);
}

function shift(commands: ShellCommand[], firstLine: number): ShellCommand[] {
  for (const command of commands) command.line += firstLine;
  return commands;
}
