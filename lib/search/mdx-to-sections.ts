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
  for (const line of body.split("\n")) {
    const current = sections[sections.length - 1]!;
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
