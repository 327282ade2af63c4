import type { CacheRebuild } from "@/lib/grading/result-schema";
import { cacheDiagram, outcomeWord } from "./cache-diagram-data";
import { type JumpTo, Location } from "./location";

const MARK = { reused: "✓", ran: "↻", unknown: "?", stopped: "·" } as const;

/** The cache phase's rebuilds: for each edit, which steps BuildKit reused and which ran again, and why. */
export function CacheDiagram({ rebuilds, onJumpTo }: { rebuilds: CacheRebuild[]; onJumpTo?: JumpTo }) {
  return (
    <section aria-labelledby="report-cache" data-testid="cache-diagram">
      <h3 id="report-cache" className="text-lg font-semibold">
        Build cache after an edit
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The grader added a comment line to a file, rebuilt, and read BuildKit&apos;s record of every step.
      </p>
      <div className="mt-2 grid gap-4 md:grid-cols-2">
        {rebuilds.map((rebuild) => (
          <Rebuild key={rebuild.mutation} rebuild={rebuild} onJumpTo={onJumpTo} />
        ))}
      </div>
    </section>
  );
}

function Rebuild({ rebuild, onJumpTo }: { rebuild: CacheRebuild; onJumpTo?: JumpTo }) {
  const diagram = cacheDiagram(rebuild);
  const id = `report-cache-${rebuild.kind}`;
  return (
    <section aria-labelledby={id} data-rebuild={rebuild.kind}>
      <h4 id={id} className="font-semibold">
        {diagram.heading} <span className="text-sm font-normal">({diagram.summary})</span>
      </h4>
      <p className="text-xs text-slate-600 dark:text-slate-400">{diagram.expectation}</p>
      <ol className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-sm dark:border-slate-700">
        {diagram.steps.map((step) => (
          <li
            key={step.label}
            data-step-outcome={step.outcome}
            data-first-miss={step.firstMiss || undefined}
            className={
              step.firstMiss
                ? "rounded border-2 border-amber-500 bg-amber-50 p-2 dark:border-amber-400 dark:bg-amber-950"
                : step.outcome === "ran"
                  ? "rounded bg-slate-100 px-2 py-1 dark:bg-slate-800"
                  : "px-2 py-1"
            }
          >
            <p>
              <span aria-hidden="true" className="mr-1 inline-block w-4 text-center">
                {MARK[step.outcome]}
              </span>
              <span className="font-mono text-xs">
                {step.label} {step.instruction}
              </span>{" "}
              <span className="text-xs text-slate-600 dark:text-slate-400">
                (<Location location={`Dockerfile:${step.line}`} onJumpTo={onJumpTo} />)
              </span>
              {": "}
              <strong className="font-semibold">{outcomeWord(step.outcome)}</strong>
            </p>
            {step.firstMiss && diagram.explanation && (
              <p className="mt-1 text-sm" data-testid="first-miss">
                <strong>First step that ran again.</strong> {diagram.explanation}
              </p>
            )}
          </li>
        ))}
      </ol>
      {diagram.steps.every((s) => s.outcome !== "ran") && (
        <p className="mt-1 text-xs">Every step was reused: nothing ran again.</p>
      )}
    </section>
  );
}
