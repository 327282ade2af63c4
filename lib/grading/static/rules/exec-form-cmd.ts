import { LESSONS } from "../../../content/lesson-slugs";
import { parseExecForm } from "../../../dockerfile/parse";
import { splitShellCommands } from "../../../dockerfile/shell-commands";
import { type Finding, skipped } from "../../checks/check-spec";
import { instructionSpan, type QuickFix } from "../quick-fix";
import { finalLineage, lastOf, outcome } from "../rule-helpers";
import type { DockerInstruction } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

// A POSIX shell as the first word of an exec form: ["sh", "-c", "script"] runs the script with the shell as PID 1.
const SHELL = /^(\/bin\/)?(ba|da)?sh$/;

export const execFormCmd: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.exec-form-cmd",
    category: "correctness",
    title: "CMD and ENTRYPOINT use exec (JSON) form",
    measures:
      "The CMD and ENTRYPOINT that take effect in the final image must be JSON " +
      "arrays (or shell form starting with exec), and exec form must not rely " +
      "on $VARIABLES.",
    points: 2,
    why:
      'In shell form (CMD uvicorn app:app) Docker runs /bin/sh -c "uvicorn ' +
      'app:app": on Debian-based images such as python:3.11-slim the shell ' +
      "(dash) stays PID 1 and your server runs as its child. docker stop sends " +
      "SIGTERM to PID 1, sh does not pass it on, so the server never shuts down " +
      "cleanly: in-flight requests are cut off when Docker kills it after the " +
      "timeout (10 s by default). Some shells replace themselves with a lone " +
      "command, but you cannot rely on that. Exec form starts your server as " +
      "PID 1, so it receives the signal itself.",
    fix:
      'Write CMD as a JSON array with double quotes: CMD ["uvicorn", ' +
      '"app.main:app", "--host", "0.0.0.0", "--port", "8000"].',
    lesson: LESSONS.signals,
    equivalent: "hadolint DL3025",
  },
  quickFix: toExecForm,
  run(ctx) {
    const lineage = finalLineage(ctx);
    const targets = [lastOf(lineage, "ENTRYPOINT"), lastOf(lineage, "CMD")].flatMap((i) => (i ? [i] : []));
    if (targets.length === 0)
      return skipped("The final stage sets no CMD or ENTRYPOINT, so the image keeps its base image's command.");
    const fails = targets.flatMap((i) => check(i) ?? []);
    return outcome(
      fails,
      [],
      `${targets.map((t) => t.keyword).join(" and ")} ${targets.length > 1 ? "use" : "uses"} ` +
        `exec form, so the process runs as PID 1 and receives SIGTERM.`,
      targets.map((t) => t.text).join("\n"),
    );
  },
};

function check(i: DockerInstruction): Finding | undefined {
  if (i.exec) {
    const shellWrapped = SHELL.test(i.exec[0] ?? "") && i.exec[1] === "-c";
    const script = shellWrapped ? (i.exec[2] ?? "") : "";
    const last = splitShellCommands(script).pop();
    if (shellWrapped && last && last.argv[0] !== "exec") {
      const execForm = [...i.exec.slice(0, 2), script.replace(last.text, `exec ${last.text}`)];
      return {
        message:
          `${i.keyword} is a JSON array, but it starts ${i.exec[0]} -c, so the ` +
          `shell is PID 1 and "${last.text}" runs as its child, out of reach of SIGTERM.`,
        ...located(i),
        fix: `Start the last command with exec: ${i.keyword} ${jsonArray(execForm)}`,
      };
    }
    const literal = shellWrapped ? [] : i.exec.filter((w) => /\$\{?[A-Za-z_]/.test(w));
    if (literal.length === 0) return undefined;
    return {
      message:
        `${i.keyword} is in exec form, which runs no shell, so ${literal.join(" ")} ` +
        `is passed literally instead of being replaced by the variable's value.`,
      ...located(i),
      fix: 'Write the value itself (e.g. "8000"), or read the variable inside your program.',
    };
  }
  const commands = splitShellCommands(i.args);
  // "CMD python migrate.py && exec uvicorn ..." ends with the server replacing the shell: fine.
  if (commands[commands.length - 1]?.argv[0] === "exec") return undefined;
  if (i.args.startsWith("[")) {
    return {
      message:
        `${i.keyword} looks like a JSON array but is not valid JSON (strings need ` +
        `double quotes), so Docker treats it as shell form and runs /bin/sh -c "${i.args}".`,
      ...located(i),
      fix: `${i.keyword} ${i.args.replace(/'/g, '"')}`,
    };
  }
  return {
    message:
      `${i.keyword} is in shell form, so Docker runs /bin/sh -c "${i.args}": sh ` +
      `becomes PID 1, does not forward SIGTERM, and docker stop has to kill ` +
      `your app after the timeout.`,
    ...located(i),
    fix: execFix(i, commands),
  };
}

/** A JSON array for a simple command; "exec" before the last command when the line uses shell features. */
function execFix(i: DockerInstruction, commands: ReturnType<typeof splitShellCommands>): string {
  const last = commands[commands.length - 1];
  if (commands.length === 1 && last && !/[$`*?]/.test(i.args)) return `${i.keyword} ${jsonArray(last.argv)}`;
  return last
    ? `${i.keyword} ${i.args.replace(last.text, `exec ${last.text}`)}  (or move ` +
        `the shell logic into a script and run it in exec form)`
    : i.text;
}

/**
 * Shell form to a JSON array when the command is a plain program with arguments, and single-quoted "arrays" to
 * JSON. Anything with shell syntax (variables, redirections, several commands) needs a person to decide.
 */
function toExecForm(dockerfile: string, line: number): QuickFix | undefined {
  const lines = dockerfile.split("\n");
  const { first, last } = instructionSpan(lines, line);
  const text = lines
    .slice(first - 1, last)
    .filter((l) => !/^\s*#/.test(l))
    .map((l) => l.replace(/\\\s*$/, " "))
    .join(" ");
  const match = /^(\s*)(CMD|ENTRYPOINT)\s+(.*\S)\s*$/i.exec(text);
  if (!match) return undefined;
  const [, indent, keyword, args] = match as unknown as [string, string, string, string];
  const array = args.startsWith("[") ? singleQuotedArray(args) : plainCommand(args);
  const replace = (title: string, text: string): QuickFix => ({
    title,
    edits: [
      {
        startLine: first,
        startColumn: 1,
        endLine: last,
        endColumn: (lines[last - 1] ?? "").length + 1,
        text: `${indent}${keyword} ${text}`,
      },
    ],
  });
  if (array) return replace(`Write ${keyword.toUpperCase()} in exec form`, jsonArray(array));
  const withExec = execBeforeLast(args);
  return withExec
    ? replace("Start the last command with exec, so it replaces the shell as PID 1", withExec)
    : undefined;
}

/**
 * Shell syntax stays, and "exec" goes before the last command (in a shell form, or in a ["sh", "-c", script]
 * array): what ran before still runs, and the server replaces the shell, so it gets SIGTERM itself.
 */
function execBeforeLast(args: string): string | undefined {
  if (!args.startsWith("[")) return withExecLast(args);
  const [shell, flag, script, ...rest] = parseExecForm(args) ?? [];
  if (!SHELL.test(shell ?? "") || flag !== "-c" || script === undefined) return undefined;
  const fixed = withExecLast(script);
  return fixed && jsonArray([shell!, flag, fixed, ...rest]);
}

function withExecLast(script: string): string | undefined {
  const last = splitShellCommands(script).at(-1);
  const program = last?.argv[0];
  // "exec FOO=1 app" or "exec if ..." would not run what the line meant: those need a person.
  if (
    !last ||
    !program ||
    program === "exec" ||
    /=|^(if|then|else|fi|for|while|until|do|done|case|esac|!|[{}()])$/.test(program)
  )
    return undefined;
  const at = script.lastIndexOf(last.text);
  return at < 0 ? undefined : `${script.slice(0, at)}exec ${script.slice(at)}`;
}

function singleQuotedArray(args: string): string[] | undefined {
  if (parseExecForm(args)) return undefined; // valid JSON already: its problem is not the quotes
  return parseExecForm(args.replace(/'/g, '"'));
}

/** An exec form as the fixes write it: ["uvicorn", "app:app"]. */
function jsonArray(words: readonly string[]): string {
  return JSON.stringify(words).replace(/","/g, '", "');
}

function plainCommand(args: string): string[] | undefined {
  if (/[$`*?<>|&;(){}\\]/.test(args)) return undefined;
  const commands = splitShellCommands(args);
  return commands.length === 1 ? commands[0]!.argv : undefined;
}
