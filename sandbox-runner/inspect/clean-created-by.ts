/**
 * Turns a history `created_by` into the instruction a learner wrote.
 *
 * The classic builder records metadata instructions as
 * `/bin/sh -c #(nop)  ENV A=1` or `/bin/sh -c #(nop) COPY file:<hash> in /srv`,
 * shell-form RUN as `/bin/sh -c <command>`, and RUN lines that see build args
 * with a `|<n> NAME=value ...` prefix; exec-form RUN records the joined argv.
 * BuildKit records `RUN /bin/sh -c <command> # buildkit`.
 */
export function cleanCreatedBy(raw: string): string {
  const text = raw.trim().replace(/\s*# buildkit$/, "");
  if (text === "") return "";

  const nop = /#\(nop\)\s+(.*)$/s.exec(text);
  if (nop) return nop[1]!.trim();

  if (text.startsWith("RUN ")) return `RUN ${stripShell(text.slice(4))}`;

  const buildArgs = splitBuildArgs(text);
  const rest = buildArgs?.rest ?? text;
  const command = stripShell(rest);
  // With no shell and no build-args prefix this is not the classic builder's
  // format (e.g. `docker import` or `docker commit`): keep it as recorded.
  if (!buildArgs && command === rest) return text;
  return `RUN ${command}`;
}

const SHELL_PREFIX = /^(?:\/usr)?(?:\/bin\/)?(?:sh|bash|dash|ash)(?:\s+-[A-Za-z]+(?:\s+[a-z][\w-]*)?)*?\s+-c\s+/;

function stripShell(command: string): string {
  const match = SHELL_PREFIX.exec(command);
  return match ? command.slice(match[0].length).trim() : command.trim();
}

/** `|2 A=1 B=2 cmd` → `{ A: "1", B: "2" }` and `cmd`: the count says how many NAME=value tokens follow. */
function splitBuildArgs(text: string): { args: Record<string, string>; rest: string } | undefined {
  const match = /^\|(\d+)\s+/.exec(text);
  if (!match) return undefined;
  const args: Record<string, string> = {};
  let rest = text.slice(match[0].length);
  for (let i = 0; i < Number(match[1]); i++) {
    const token = /^(\S*?)=(\S*)\s*/.exec(rest);
    if (!token) break;
    args[token[1]!] = token[2]!;
    rest = rest.slice(token[0].length);
  }
  return { args, rest };
}

/** The `NAME=value` build args of a classic-builder RUN record, which are stored in the image. */
export function buildArgsOf(raw: string): Record<string, string> {
  return splitBuildArgs(raw.trim())?.args ?? {};
}
