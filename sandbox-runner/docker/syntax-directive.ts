/**
 * `# syntax=docker/dockerfile:1` asks BuildKit to pull a Dockerfile frontend
 * image from a registry before building. Graders cannot download images, so
 * the directive is set aside and the engine's built-in frontend (Dockerfile
 * syntax 1.7 in Engine 26) builds the file; the log says so. Every other
 * parser directive (`escape`, `check`) keeps working, and every instruction
 * keeps its line number, because the set-aside directive becomes a comment at
 * the end of the directive block.
 *
 * The frontend that would otherwise run the learner's chosen image could
 * build anything, bypassing what the grader sets (cache mount scopes among
 * them), so the directive is found the way BuildKit finds it, or more
 * eagerly: after a first `#!` line (BuildKit skips one), behind a byte order
 * mark, with any whitespace Go's `unicode.IsSpace` allows after the `#`. The
 * other forms BuildKit reads (`// syntax=`, a JSON document) are not
 * Dockerfile lines, and the syntax check refuses them before any build.
 */
export interface SyntaxDirective {
  /** The Dockerfile the builder gets. */
  dockerfile: string;
  /** The frontend the learner asked for, when they did. */
  requested?: { value: string; line: number };
}

// U+0085 is a space to Go (unicode.IsSpace) but not to JavaScript's \s; "s": Go's "." also matches U+2028.
const DIRECTIVE = /^#[\s\u0085]*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/s;

export function setAsideSyntaxDirective(dockerfile: string): SyntaxDirective {
  const lines = dockerfile.split("\n");
  const unmarked = (i: number) => (i === 0 ? lines[0]!.replace(/^\uFEFF/, "") : lines[i]!).replace(/\r$/, "");
  // BuildKit reads directives after a shebang line as if it were not there.
  const start = unmarked(0).startsWith("#!") ? 1 : 0;
  const block: string[] = [];
  let requested: SyntaxDirective["requested"];
  let end = start;
  // Directives are only read at the very top, before any comment, blank line or instruction.
  for (; end < lines.length; end++) {
    const match = DIRECTIVE.exec(unmarked(end));
    if (!match) break;
    if (match[1]!.toLowerCase() === "syntax") requested ??= { value: match[2]!, line: end + 1 };
    else block.push(lines[end]!);
  }
  if (!requested) return { dockerfile };
  const setAside = Array.from(
    { length: end - start - block.length },
    () => "# (syntax directive set aside: built-in frontend)",
  );
  return {
    dockerfile: [...lines.slice(0, start), ...block, ...setAside, ...lines.slice(end)].join("\n"),
    requested,
  };
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
