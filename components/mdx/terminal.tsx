import type { ReactNode } from "react";

/** A shell command and what it prints; output is plain text, never HTML. */
export function Terminal({ command, children }: { command: string; children?: ReactNode }) {
  return (
    <figure className="my-5 overflow-hidden rounded-lg border border-slate-700 bg-slate-950 text-sm text-slate-100">
      <figcaption className="sr-only">Terminal</figcaption>
      <pre className="m-0 overflow-x-auto p-4 font-mono">
        <span className="select-none text-emerald-400">$ </span>
        {command}
        {children ? <span className="block text-slate-300">{children}</span> : null}
      </pre>
    </figure>
  );
}
