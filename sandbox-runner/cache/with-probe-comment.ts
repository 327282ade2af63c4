const HASH_COMMENT =
  /\.(py|pyi|sh|bash|txt|in|cfg|ini|toml|ya?ml|r|pl|rb|conf|env)$|(^|\/)(Dockerfile|Makefile|requirements[^/]*)$/i;
const SLASH_COMMENT = /\.(js|mjs|cjs|ts|tsx|jsx|go|rs|java|c|h|cc|cpp|hpp|cs|kt|swift|scala)$/i;
const DASH_COMMENT = /\.(sql|lua|hs)$/i;

/**
 * The file with one line appended that changes its bytes (and so the build
 * cache key of any COPY that brings it) without changing what it does: a
 * comment in the file's own syntax, or trailing whitespace where the format
 * has no comments (JSON).
 */
export function withProbeComment(path: string, content: string, token: string): string {
  const separator = content === "" || content.endsWith("\n") ? "" : "\n";
  const text = `cache probe ${token}`;
  if (HASH_COMMENT.test(path)) return `${content}${separator}# ${text}\n`;
  if (SLASH_COMMENT.test(path)) return `${content}${separator}// ${text}\n`;
  if (DASH_COMMENT.test(path)) return `${content}${separator}-- ${text}\n`;
  if (/\.(html?|xml|md)$/i.test(path)) return `${content}${separator}<!-- ${text} -->\n`;
  // No comment syntax known: a run of spaces is ignored by JSON and most text formats alike.
  return `${content}${separator}${" ".repeat(1 + (token.length % 7))}\n`;
}
