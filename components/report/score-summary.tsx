import { plural } from "@/lib/format/numbers";
import type { FindingResult, ResultDocument } from "@/lib/grading/result-schema";
import { formatPoints } from "./findings";

const VERDICT = {
  passed: { word: "Passed", tone: "text-emerald-700 dark:text-emerald-300" },
  failed: { word: "Failed", tone: "text-red-700 dark:text-red-300" },
  error: { word: "Not graded", tone: "text-slate-700 dark:text-slate-300" },
} as const;

/** Score and verdict, then what passing takes, so "Failed" never stands unexplained. */
export function ScoreSummary({ result, findings }: { result: ResultDocument; findings: FindingResult[] }) {
  const count = (s: string) => result.checks.filter((c) => c.status === s).length;
  // Version 4 documents count a mistake once; older ones summed their checks.
  const points = result.points ?? result.checks.reduce((s, c) => s + c.points, 0);
  const maxPoints = result.maxPoints ?? result.checks.reduce((s, c) => s + c.maxPoints, 0);
  const verdict = VERDICT[result.status];
  const percent = Math.round(result.score * 100);
  return (
    <div data-testid="score-summary">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
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
      {result.status !== "error" && (
        <p className="mt-2 text-sm" data-testid="passing-requires">
          {passingRequires(result, findings)}
        </p>
      )}
    </div>
  );
}

/** "To pass, …": every graded check passes; warnings cost nothing; how far this attempt is from it. */
function passingRequires(result: ResultDocument, findings: FindingResult[]): string {
  const graded = result.checks.filter((c) => !(c.status === "skipped" && c.maxPoints === 0));
  const failed = graded.filter((c) => c.status === "fail").length;
  const notRun = graded.filter((c) => c.status === "skipped").length;
  const mistakes = findings.filter((f) => f.status === "fail").length;
  if (result.status === "passed") {
    const all = plural(graded.length, "graded check passes", "graded checks pass");
    return `Passed: all ${all}. Warnings cost no points.`;
  }
  const now =
    failed === 0
      ? ""
      : ` Now ${plural(failed, "check fails", "checks fail")}, from ${plural(mistakes, "mistake")}: ` +
        `fix ${mistakes === 1 ? "it" : "them"} in the order below, which clears the most checks first.`;
  const blocked = notRun === 0 ? "" : ` ${plural(notRun, "check")} could not run because an earlier phase failed.`;
  return `To pass, every one of the ${graded.length} graded checks must pass; warnings cost no points.${now}${blocked}`;
}
