import type { ResultDocument } from "@/lib/grading/result-schema";

const BADGE = { pass: "✓", fail: "✗", warn: "!", skipped: "–" } as const;

export function ResultReport({ result }: { result: ResultDocument }) {
  return (
    <div data-testid="result-report" className="space-y-3">
      <p className="font-semibold">Score: {Math.round(result.score * 100)}%</p>
      <ul className="space-y-3">
        {result.checks.map((check) => (
          <li key={check.id} data-check={check.id} data-check-status={check.status} className="rounded border border-slate-200 p-3 dark:border-slate-700">
            <p className="font-medium">
              <span aria-hidden="true">{BADGE[check.status]} </span>
              {check.title} <span className="text-sm font-normal text-slate-500">({check.status}, {check.points}/{check.maxPoints})</span>
            </p>
            <p className="mt-1 text-sm">{check.message}</p>
            {check.location && <p className="mt-1 font-mono text-xs">Where: {check.location}</p>}
            {check.status === "fail" && <p className="mt-1 text-sm"><strong>How to fix:</strong> {check.fix}</p>}
            <p className="mt-1 text-xs text-slate-500">
              Learn more in the lesson <a className="underline" href={`/lessons/${check.lesson}`}>{check.lesson.replaceAll("-", " ")}</a>
            </p>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        {result.phases.map((p) => `${p.name} ${p.status} in ${p.ms} ms`).join(" · ")}
      </p>
    </div>
  );
}
