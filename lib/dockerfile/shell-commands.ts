import { collapseContinuations } from "./collapse-continuations";

/** The operator that ends a command: "|" means its output feeds the next command. */
export type ShellOperator = "&&" | "||" | ";" | "|" | "&" | "end";

export interface ShellCommand {
  /** Words after quote removal; redirections and their targets are dropped. */
  argv: string[];
  /** 0-based line offset of the command's first word from the script's first line. */
  line: number;
  next: ShellOperator;
  /** The command as written, whitespace collapsed, for evidence. */
  text: string;
}

const CONTINUATION_TAIL = /^[ \t]*\r?\n/;
// Docker drops empty and comment lines inside a continued instruction before the shell sees them.
const SKIPPED_LINE = /^[ \t]*(#[^\n]*)?\r?\n/;

/**
 * Splits a shell script (a RUN line or a heredoc body) into simple commands
 * across &&, ||, ;, |, & and newlines, honouring quotes, escapes, $(...) and
 * line continuations. The bodies of heredocs inside the script (cat <<EOF >
 * file ... EOF) are data, not commands, and are skipped. It is a tokenizer,
 * not a shell: loops and functions come out as flat commands, which is what
 * the rules need ("is apt-get install run here, with which words?").
 */
export function splitShellCommands(script: string, continuation = "\\"): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let argv: string[] = [];
  let word = "";
  let inWord = false;
  let dropNextWord = false;
  // The next dropped word is a heredoc delimiter; delimiters wait here until the end of their line.
  let heredocNext: { stripTabs: boolean } | undefined;
  let heredocs: { name: string; stripTabs: boolean }[] = [];
  let line = 0;
  let cmdLine = -1;
  let cmdStart = -1;
  let i = 0;

  const startWord = () => {
    if (inWord) return;
    inWord = true;
    if (cmdStart < 0) {
      cmdStart = i;
      cmdLine = line;
    }
  };
  const endWord = () => {
    if (inWord) {
      if (dropNextWord) {
        dropNextWord = false;
        if (heredocNext) heredocs.push({ name: word, ...heredocNext });
        heredocNext = undefined;
      } else argv.push(word);
    }
    word = "";
    inWord = false;
  };
  /** At a newline: steps over the lines of pending heredoc bodies, up to and including each delimiter line. */
  const skipHeredocBodies = () => {
    for (const doc of heredocs) {
      while (i + 1 < script.length) {
        const end = script.indexOf("\n", i + 1);
        const text = script.slice(i + 1, end < 0 ? script.length : end).replace(/\r$/, "");
        i = end < 0 ? script.length : end;
        line++;
        if ((doc.stripTabs ? text.replace(/^\t+/, "") : text) === doc.name) break;
      }
    }
    heredocs = [];
  };
  const endCommand = (next: ShellOperator) => {
    endWord();
    if (argv.length > 0)
      commands.push({
        argv,
        line: cmdLine,
        next,
        text: collapseContinuations(script.slice(cmdStart, i), continuation),
      });
    argv = [];
    cmdStart = -1;
    cmdLine = -1;
  };
  /** Copies a $(...), ${...} or `...` segment verbatim into the current word. */
  const copyBalanced = (open: string, close: string) => {
    let depth = 0;
    const from = i;
    for (; i < script.length; i++) {
      const c = script[i]!;
      if (c === "\n") line++;
      if (c === "\\") {
        word += c + (script[i + 1] ?? "");
        i++;
        continue;
      }
      word += c;
      if (open === close) {
        if (c === close && i > from) return;
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) return;
    }
  };
  const skipContinuation = (): boolean => {
    if (script[i] !== continuation) return false;
    const tail = CONTINUATION_TAIL.exec(script.slice(i + 1, i + 200));
    if (!tail) return false;
    i += 1 + tail[0].length;
    line++;
    for (
      let skip = SKIPPED_LINE.exec(script.slice(i, i + 500));
      skip;
      skip = SKIPPED_LINE.exec(script.slice(i, i + 500))
    ) {
      i += skip[0].length;
      line++;
    }
    i--;
    return true;
  };

  let quote: "'" | '"' | undefined;
  for (; i < script.length; i++) {
    if (skipContinuation()) continue;
    const c = script[i]!;
    const next = script[i + 1];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else {
        word += c;
        if (c === "\n") line++;
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && next !== undefined && '$`"\\\n'.includes(next)) {
        word += next;
        i++;
      } else if (c === "$" && (next === "(" || next === "{")) {
        i++;
        word += "$";
        copyBalanced(next, next === "(" ? ")" : "}");
      } else if (c === "`") copyBalanced("`", "`");
      else {
        word += c;
        if (c === "\n") line++;
      }
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      endWord();
      continue;
    }
    if (c === "\n") {
      endCommand(";");
      line++;
      skipHeredocBodies();
      continue;
    }
    if (c === "#" && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
      continue;
    }
    if (c === "'" || c === '"') {
      startWord();
      quote = c;
      continue;
    }
    if (c === "\\") {
      startWord();
      if (next !== undefined) {
        word += next;
        i++;
      }
      continue;
    }
    if (c === "$" && (next === "(" || next === "{")) {
      startWord();
      word += "$";
      i++;
      copyBalanced(next, next === "(" ? ")" : "}");
      continue;
    }
    if (c === "`") {
      startWord();
      copyBalanced("`", "`");
      continue;
    }
    if (c === "&" && next === "&") {
      endCommand("&&");
      i++;
      continue;
    }
    if (c === "|" && next === "|") {
      endCommand("||");
      i++;
      continue;
    }
    if (c === "|") {
      endCommand("|");
      if (next === "&") i++;
      continue;
    }
    if (c === ";" || c === "(" || c === ")") {
      endCommand(";");
      continue;
    }
    if (c === "<" || c === ">" || (c === "&" && next === ">")) {
      // "2>" : the digits before a redirection are a file descriptor, not a word.
      if (inWord && /^\d+$/.test(word)) {
        word = "";
        inWord = false;
      } else endWord();
      // "<<" and "<<-" start a heredoc; "<<<" is a here-string, whose word is the whole input.
      if (c === "<" && next === "<" && script[i + 2] !== "<") heredocNext = { stripTabs: script[i + 2] === "-" };
      while (i + 1 < script.length && "<>&|-".includes(script[i + 1]!)) i++;
      dropNextWord = true;
      continue;
    }
    if (c === "&") {
      endCommand("&");
      continue;
    }
    startWord();
    word += c;
  }
  endCommand("end");
  return commands;
}

const RESERVED = new Set([
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "do",
  "done",
  "while",
  "until",
  "!",
  "{",
  "}",
  "time",
  "exec",
  "command",
  "nohup",
]);
const SUDO_OPTIONS_WITH_VALUE = new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"]);

/**
 * The program and its arguments with wrappers peeled off: leading VAR=value
 * assignments, shell keywords (if/then/!), and env/sudo/exec/nohup prefixes,
 * so "DEBIAN_FRONTEND=noninteractive sudo apt-get install x" gives apt-get.
 */
export function programArgv(argv: readonly string[]): string[] {
  let i = 0;
  while (i < argv.length) {
    const w = argv[i]!;
    if (RESERVED.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      i++;
      continue;
    }
    if (w === "env" || w === "sudo") {
      i++;
      while (i < argv.length && argv[i]!.startsWith("-"))
        i += SUDO_OPTIONS_WITH_VALUE.has(argv[i]!) && w === "sudo" ? 2 : 1;
      continue;
    }
    break;
  }
  return argv.slice(i);
}

/** "/usr/local/bin/pip3" → "pip3". */
export function programName(word: string | undefined): string {
  if (!word) return "";
  return word.slice(word.lastIndexOf("/") + 1);
}
