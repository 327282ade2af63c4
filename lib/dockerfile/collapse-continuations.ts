const cache = new Map<string, RegExp>();

/**
 * Matches a line continuation (the escape character, optional trailing
 * blanks, a newline) plus the empty and comment lines Docker drops after it.
 * Cached per escape character: building it is the costly part.
 */
function continuationRegex(escapeChar: string): RegExp {
  let regex = cache.get(escapeChar);
  if (!regex) {
    const escaped = escapeChar.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    regex = new RegExp(`${escaped}[ \\t]*\\r?\\n(?:[ \\t]*(?:#[^\\n]*)?\\r?\\n)*`, "g");
    cache.set(escapeChar, regex);
  }
  return regex;
}

/** Continuations joined, whitespace collapsed: an instruction or command on one line. */
export function collapseContinuations(text: string, escapeChar: string): string {
  return text.replace(continuationRegex(escapeChar), " ").replace(/\s+/g, " ").trim();
}
