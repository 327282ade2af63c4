/* "Try it in a playground" links under lessons' shell blocks: which blocks get one, and the command it carries. */

/** The playground lab's slug, fixed since lessons link to it (content validation holds the lab there). */
export const PLAYGROUND_SLUG = "playground";

/** Languages of fenced blocks that hold shell commands. */
export const SHELL_LANGUAGES: readonly string[] = ["sh", "bash", "shell", "console"];

/** The longest command a link carries; a block whose command is longer gets no link. */
export const MAX_TRY_COMMAND_LENGTH = 1000;

/** A line that runs docker with something to do: `docker run …`, `docker compose up`, never `docker` alone. */
const DOCKER_COMMAND = /^docker\s+\S/;

/**
 * The command a shell block's link carries: its first `docker` line (without a `$ ` prompt) with the lines it
 * continues onto (ending in `\`) joined by a space; undefined when there is none or it is too long.
 */
export function playgroundCommand(language: string | undefined, code: string): string | undefined {
  if (!language || !SHELL_LANGUAGES.includes(language)) return undefined;
  const lines = code.split(/\r?\n/);
  const start = lines.findIndex((line) => DOCKER_COMMAND.test(withoutPrompt(line)));
  if (start < 0) return undefined;
  let command = withoutPrompt(lines[start]!);
  let next = start + 1;
  while (command.endsWith("\\")) {
    const rest = next < lines.length ? lines[next++]!.trim() : "";
    command = `${command.slice(0, -1).trimEnd()} ${rest}`.trimEnd();
  }
  return command.length <= MAX_TRY_COMMAND_LENGTH ? command : undefined;
}

/** The playground's page, asked to offer the command: `/labs/playground?try=docker%20run%20…`. */
export function playgroundHref(command: string): string {
  return `/labs/${PLAYGROUND_SLUG}?try=${encodeURIComponent(command)}`;
}

function withoutPrompt(line: string): string {
  return line.trim().replace(/^\$\s+/, "");
}
