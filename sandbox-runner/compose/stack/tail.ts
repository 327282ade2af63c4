/** The last `lines` lines of a command's or container's output, ending in a newline; empty when there are none. */
export function tail(text: string, lines: number): string {
  const kept = text.trimEnd().split("\n").slice(-lines).join("\n");
  return kept ? `${kept}\n` : "";
}
