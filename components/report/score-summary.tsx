import type { ResultDocument } from "@/lib/grading/result-schema";

const VERDICT = {
  passed: { word: "Passed", tone: "text-emerald-700 dark:text-emerald-300" },
  failed: { word: "Failed", tone: "text-red-700 dark:text-red-300" },
  error: { word: "Not graded", tone: "text-slate-700 dark:text-slate-300" },
} as const;

/** Score and verdict first: the one thing every learner looks for. */
export function ScoreSummary({ result }: { result: ResultDocument }) {
  const count = (s: string) => result.checks.filter((c) => c.status === s).length;
  const points = result.checks.reduce((s, c) => s + c.points, 0);
  const maxPoints = result.checks.reduce((s, c) => s + c.maxPoints, 0);
  const verdict = VERDICT[result.status];
  const percent = Math.round(result.score * 100);
  return (
    <div data-testid="score-summary" className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
      <p className="text-4xl font-bold tabular-nums">
        <span className="sr-only">Score: </span>
        {percent}%
      </p>
      <p className={`text-2xl font-semibold ${verdict.tone}`} data-testid="verdict">
        {verdict.word}
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {formatPoints(points)} of {formatPoints(maxPoints)} points · {count("fail")} failed · {count("warn")}{" "}
        {count("warn") === 1 ? "warning" : "warnings"} · {count("pass")} passed
      </p>
    </div>
  );
}

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}
