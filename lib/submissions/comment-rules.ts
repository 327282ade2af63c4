/** What a staff comment may say, and how a file's lines are counted: import-free, for the comment box too. */
export const COMMENT_LIMITS = {
  /** Long enough for a paragraph of advice with a code snippet; a page, not an essay. */
  bodyChars: 5000,
} as const;

/** A file's lines as the file views number them: a final newline starts no line, and an empty file has none. */
export function fileLines(content: string): string[] {
  if (content === "") return [];
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The body as stored: Windows line ends made plain, blank lines and spaces around it trimmed. */
export function normaliseCommentBody(body: string): string {
  return body.replace(/\r\n?/g, "\n").trim();
}

// Control characters (C0, DEL, C1) other than tab and newline: invisible, or rewriting what a reader sees.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Why a normalised body cannot be stored, in words for its writer; undefined when it can. */
export function commentBodyProblem(body: string): string | undefined {
  if (body === "") return "The comment is empty: write something for the learner.";
  const chars = [...body].length;
  if (chars > COMMENT_LIMITS.bodyChars)
    return `The comment is ${chars} characters long; the limit is ${COMMENT_LIMITS.bodyChars}.`;
  const control = FORBIDDEN_CONTROL.exec(body);
  if (control) {
    const line = body.slice(0, control.index).split("\n").length;
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return `The comment has a control character (U+${code}) on line ${line}; only new lines and tabs may be used.`;
  }
  return undefined;
}
