/**
 * `# syntax=docker/dockerfile:1` asks BuildKit to pull a Dockerfile frontend
 * image from a registry before building. Graders cannot download images, so
 * the directive is set aside and the engine's built-in frontend (Dockerfile
 * syntax 1.7 in Engine 26) builds the file; the log says so. Every other
 * parser directive (`escape`, `check`) keeps working, and every instruction
 * keeps its line number, because the set-aside directive becomes a comment at
 * the end of the directive block.
 */
export interface SyntaxDirective {
  /** The Dockerfile the builder gets. */
  dockerfile: string;
  /** The frontend the learner asked for, when they did. */
  requested?: { value: string; line: number };
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

export function setAsideSyntaxDirective(dockerfile: string): SyntaxDirective {
  const lines = dockerfile.split("\n");
  const block: string[] = [];
  let requested: SyntaxDirective["requested"];
  let end = 0;
  // Directives are only read at the very top, before any comment, blank line or instruction.
  for (; end < lines.length; end++) {
    const match = DIRECTIVE.exec(lines[end]!.replace(/\r$/, ""));
    if (!match) break;
    if (match[1]!.toLowerCase() === "syntax") requested ??= { value: match[2]!, line: end + 1 };
    else block.push(lines[end]!);
  }
  if (!requested) return { dockerfile };
  const setAside = Array.from(
    { length: end - block.length },
    () => "# (syntax directive set aside: built-in frontend)",
  );
  return { dockerfile: [...block, ...setAside, ...lines.slice(end)].join("\n"), requested };
}

/** The log line that tells the learner what happened to their directive. */
export function syntaxDirectiveNotice(requested: NonNullable<SyntaxDirective["requested"]>): string {
  return (
    `Dockerfile:${requested.line}: \`# syntax=${requested.value}\` names a ` +
    `frontend image, and graders cannot download ` +
    "images, so this build uses the engine's built-in Dockerfile frontend (syntax 1.7: heredocs, RUN --mount, " +
    "COPY --chmod/--link, ADD --checksum). Your Dockerfile is otherwise built exactly as written.\n"
  );
}
