import type { ReactNode } from "react";
import { ScrollRegion } from "@/components/layout/scroll-region";

// A one-line fix that is itself a Dockerfile instruction is something to paste, not a sentence.
const INSTRUCTION = /^(FROM|RUN|COPY|ADD|CMD|ENTRYPOINT|USER|HEALTHCHECK|WORKDIR|ENV|ARG|EXPOSE|SHELL|LABEL) /;
const CODE_BLOCK =
  "mt-1 overflow-x-auto whitespace-pre rounded bg-slate-100 p-2 font-mono text-xs text-slate-800 " +
  "dark:bg-slate-900 dark:text-slate-200";

/** A fix: several lines are code to paste (with their sentences as prose), one line is prose with `code`. */
export function FixText({ fix }: { fix: string }) {
  const lines = fix.split("\n");
  const blocks: { prose: boolean; lines: string[] }[] = [];
  for (const line of lines) {
    const prose = lines.length === 1 ? !INSTRUCTION.test(line) : isSentence(line);
    const last = blocks.at(-1);
    if (last && last.prose === prose && !prose) last.lines.push(line);
    else blocks.push({ prose, lines: [line] });
  }
  return (
    <div data-fix>
      {blocks.map((block, i) =>
        block.prose ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks of one fixed string never move
          <p key={i}>{inlineCode(block.lines[0]!)}</p>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <ScrollRegion as="pre" label="Code to paste" key={i} className={CODE_BLOCK} data-fix-code>
            <code>{block.lines.join("\n")}</code>
          </ScrollRegion>
        ),
      )}
    </div>
  );
}

/** A sentence among code: starts like a word ("Before", not "RUN" or "  cache:"), ends with a colon or full stop. */
function isSentence(line: string): boolean {
  if (!/^[A-Za-z][a-z]/.test(line) || !line.includes(" ")) return false;
  return line.endsWith(":") || (line.endsWith(".") && line.split(" ").length > 3);
}

function inlineCode(text: string): ReactNode[] {
  const parts = text.split("`");
  if (parts.length % 2 === 0) return [text];
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string never move
      <code key={i} className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-900">
        {part}
      </code>
    ) : (
      part
    ),
  );
}
