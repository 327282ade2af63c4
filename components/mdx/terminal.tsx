import type { ReactNode } from "react";
import { ScrollRegion } from "../layout/scroll-region";

/**
 * A shell command and what it prints. Output is rendered as text by React, so
 * anything in it (angle brackets included) shows literally and never as HTML.
 */
export function Terminal({ command, output, children }: { command: string; output?: string; children?: ReactNode }) {
  const printed = output ?? children;
  return (
    <figure
      className="my-5 overflow-clip rounded-lg border border-slate-700 bg-slate-950 text-sm text-slate-100"
      data-testid="terminal"
    >
      <figcaption className="sr-only">Terminal</figcaption>
      <ScrollRegion as="pre" label={`Terminal: ${command}`} className="m-0 overflow-x-auto p-4 font-mono">
        <span className="select-none text-emerald-400" aria-hidden="true">
          ${" "}
        </span>
        <span className="text-white">{command}</span>
        {printed ? (
          <span className="mt-1 block whitespace-pre text-slate-300">
            {typeof printed === "string" ? printed.replace(/^\n+|\n+$/g, "") : printed}
          </span>
        ) : null}
      </ScrollRegion>
    </figure>
  );
}
