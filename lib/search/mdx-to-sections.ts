import { anchorSequence } from "../content/heading-anchor";

export interface PlainSection {
  heading: string;
  anchor: string;
  text: string;
  /** Text from code blocks and terminals: searchable, weighted lower than prose. */
  code: string;
}

/**
 * Reduces a lesson's MDX body to plain text per `##` section. It is a search
 * aid, not a renderer: markup is dropped, words and commands are kept.
 */
export function mdxToSections(body: string, introHeading: string): PlainSection[] {
  const sections: PlainSection[] = [{ heading: introHeading, anchor: "", text: "", code: "" }];
  const anchor = anchorSequence();
  let inFence = false;
  // Inside a component's tag that spans lines (<Comparison rows={[ … ]} />, a Terminal's multi-line output).
  let inTag = false;
  for (const line of body.split("\n")) {
    const current = sections[sections.length - 1]!;
    if (inTag) {
      const end = /([`\]]\s*\}\s*|^\s*)\/?>\s*$/.exec(line);
      inTag = !end;
      // A table row reads as its cells; anything else in props (output, diagram layers) is code, never a snippet.
      const cells = tableRow(line);
      const rest = end ? line.slice(0, end.index) : line;
      if (cells) current.text += `${cells} `;
      else if (rest.trim()) current.code += `${rest}\n`;
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      current.code += `${line}\n`;
      continue;
    }
    const heading = /^#{2,3}\s+(.+?)\s*$/.exec(line);
    if (heading) {
      const text = plain(heading[1]!);
      sections.push({ heading: text, anchor: anchor(text), text: "", code: "" });
      continue;
    }
    const attrs = [
      ...line.matchAll(/(?:command|instruction|title|beforeTitle|afterTitle|note)\s*[:=]\s*["'`]([^"'`]+)["'`]/g),
    ].map((m) => m[1]);
    if (attrs.length) current.code += `${attrs.join("\n")}\n`;
    if (/^\s*<[A-Z]/.test(line) && opensProp(line)) {
      inTag = true;
      const output = /=\{`([^`]*)$/.exec(line)?.[1];
      if (output?.trim()) current.code += `${output}\n`;
      continue;
    }
    const text = plain(line.replace(/<\/?[A-Z][^>]*>?/g, " ").replace(/^\s*[\]}),\s]*$/, ""));
    if (text) current.text += `${text} `;
  }
  return sections
    .filter((s) => s.text.trim() || s.code.trim() || s.anchor === "")
    .map((s) => ({ ...s, text: s.text.trim(), code: s.code.trim() }));
}

function plain(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/[`*_>#|]/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether a component's line leaves a prop's {…} or `…` open, to go on over the next lines. */
function opensProp(line: string): boolean {
  const count = (c: string) => line.split(c).length - 1;
  return count("{") > count("}") || count("`") % 2 === 1;
}

/** `["Kernel", "Shares the host's", "Boots its own"],` as "Kernel · Shares the host's · Boots its own". */
function tableRow(line: string): string | undefined {
  const row = /^\s*(\[.*\])\s*,?\s*$/.exec(line)?.[1];
  if (!row) return undefined;
  try {
    const cells: unknown = JSON.parse(row);
    if (!Array.isArray(cells) || !cells.every((c) => typeof c === "string")) return undefined;
    return plain(cells.filter((c) => c.trim()).join(" · "));
  } catch {
    return undefined;
  }
}
