import type { ReactNode } from "react";

/** The course texts' little Markdown (paragraphs, lists, `code`, **strong**, *em*), as text: never HTML. */
export function LabMarkdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ?? "space-y-3 leading-7"}>
      {blocks(text).map((block, i) => {
        // biome-ignore lint/suspicious/noArrayIndexKey: the blocks of one fixed text never move
        if (block.kind === "paragraph") return <p key={i}>{inline(block.text)}</p>;
        const List = block.kind === "bullets" ? "ul" : "ol";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <List key={i} className={`${block.kind === "bullets" ? "list-disc" : "list-decimal"} space-y-1 pl-6`}>
            {block.items.map((item, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              <li key={j}>{inline(item)}</li>
            ))}
          </List>
        );
      })}
    </div>
  );
}

type Block = { kind: "paragraph"; text: string } | { kind: "bullets" | "numbers"; items: string[] };

const BULLET = /^\s*[-*+]\s+/;
const NUMBER = /^\s*\d+[.)]\s+/;

/**
 * Splits the text at blank lines, and where a list starts or ends (prompts put a list right under its lead-in). An
 * item runs on over the indented lines after it; a line back at the margin ends the list.
 */
export function blocks(text: string): Block[] {
  const result: Block[] = [];
  for (const chunk of text.replaceAll("\r\n", "\n").split(/\n\s*\n/)) {
    let current: Block | undefined;
    for (const line of chunk.split("\n")) {
      if (line.trim() === "") continue;
      const kind = BULLET.test(line) ? "bullets" : NUMBER.test(line) ? "numbers" : null;
      if (kind) {
        const item = line.replace(kind === "bullets" ? BULLET : NUMBER, "").trim();
        // A list right after another of its kind (a blank line between items) stays one list.
        const last = result.at(-1);
        if (last?.kind === kind && (current === last || current === undefined)) last.items.push(item);
        else result.push({ kind, items: [item] });
        current = result.at(-1);
      } else if (current && current.kind !== "paragraph" && /^\s/.test(line)) {
        current.items[current.items.length - 1] += ` ${line.trim()}`;
      } else if (current?.kind === "paragraph") {
        current.text += ` ${line.trim()}`;
      } else {
        current = { kind: "paragraph", text: line.trim() };
        result.push(current);
      }
    }
  }
  return result;
}

const CODE = "rounded bg-slate-100 px-1 font-mono text-[0.9em] break-words dark:bg-slate-800";

/** `code` first (nothing inside it is Markdown), then **strong** and *emphasis* in the text between. */
function inline(text: string): ReactNode[] {
  const parts = text.split(/(`[^`]+`)/);
  return parts.flatMap((part, i) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never move
      <code key={i} className={CODE}>
        {part.slice(1, -1)}
      </code>
    ) : (
      emphasis(part, `${i}`)
    ),
  );
}

function emphasis(text: string, key: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/);
  return parts.map((part, i) => {
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4)
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never move
      return <strong key={`${key}.${i}`}>{part.slice(2, -2)}</strong>;
    if (part.startsWith("*") && part.endsWith("*") && part.length > 2)
      // biome-ignore lint/suspicious/noArrayIndexKey: as above
      return <em key={`${key}.${i}`}>{part.slice(1, -1)}</em>;
    return part;
  });
}
