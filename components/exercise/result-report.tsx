import { formatBytes } from "@/lib/format/bytes";
import type { CheckResult, ResultDocument } from "@/lib/grading/result-schema";

const BADGE = { pass: "✓", fail: "✗", warn: "!", skipped: "–" } as const;
const STATUS_WORD = { pass: "passed", fail: "failed", warn: "warning", skipped: "not run" } as const;
const CATEGORY_TITLE: Record<CheckResult["category"], string> = {
  correctness: "Correctness",
  security: "Security",
  size: "Image size",
  cache: "Layer caching",
  gpu: "GPU",
};
const ORDER = { fail: 0, warn: 1, skipped: 2, pass: 3 } as const;

/** The grader's report: problems first within each category, each explaining what, where, why and how to fix. */
/** `lessons`: slugs the course has; a check pointing elsewhere names its topic without a dead link. */
export function ResultReport({ result, lessons }: { result: ResultDocument; lessons?: readonly string[] }) {
  // Checks this exercise does not grade (0 points) would drown the ones that matter; they go last, folded.
  const notApplicable = result.checks.filter((c) => c.status === "skipped" && c.maxPoints === 0);
  const graded = result.checks.filter((c) => !notApplicable.includes(c));
  const categories = (Object.keys(CATEGORY_TITLE) as CheckResult["category"][]).filter((c) =>
    graded.some((k) => k.category === c),
  );
  const count = (s: CheckResult["status"]) => result.checks.filter((c) => c.status === s).length;
  return (
    <div data-testid="result-report" className="space-y-4">
      <p className="font-semibold">
        Score: {Math.round(result.score * 100)}%{" "}
        <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
          ({count("pass")} passed, {count("fail")} failed, {count("warn")} warnings,{" "}
          {count("skipped") - notApplicable.length} not run)
        </span>
      </p>
      {result.image && (
        <p className="text-sm" data-testid="image-summary">
          Image: {formatBytes(result.image.sizeBytes)} in {result.image.layers.length} layers
        </p>
      )}
      {categories.map((category) => (
        <section key={category} aria-label={CATEGORY_TITLE[category]}>
          <h3 className="text-lg font-semibold">{CATEGORY_TITLE[category]}</h3>
          <ul className="mt-2 space-y-2">
            {graded
              .filter((c) => c.category === category)
              .sort((a, b) => ORDER[a.status] - ORDER[b.status])
              .map((check) => (
                <CheckItem key={check.id} check={check} linkLesson={!lessons || lessons.includes(check.lesson)} />
              ))}
          </ul>
        </section>
      ))}
      {notApplicable.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer">Not graded in this exercise ({notApplicable.length})</summary>
          <ul className="mt-2 space-y-1">
            {notApplicable.map((check) => (
              <li key={check.id} data-check={check.id} data-check-status={check.status}>
                {check.title}: <span className="text-slate-600 dark:text-slate-400">{check.message}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="text-xs text-slate-500">
        {result.phases.map((p) => `${p.name} ${p.status} in ${p.ms} ms`).join(" · ")}
      </p>
    </div>
  );
}

function CheckItem({ check, linkLesson }: { check: CheckResult; linkLesson: boolean }) {
  const problem = check.status === "fail" || check.status === "warn";
  return (
    <li
      data-check={check.id}
      data-check-status={check.status}
      className="rounded border border-slate-200 p-3 dark:border-slate-700"
    >
      <p className="font-medium">
        <span aria-hidden="true">{BADGE[check.status]} </span>
        {check.title}{" "}
        <span className="text-sm font-normal text-slate-500">
          ({STATUS_WORD[check.status]}, {check.points}/{check.maxPoints})
        </span>
      </p>
      <p className="mt-1 whitespace-pre-line text-sm">{check.message}</p>
      {check.location && <p className="mt-1 font-mono text-xs">Where: {check.location}</p>}
      {problem && check.evidence && (
        <pre
          className={
            "mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-slate-100 p-2 " + "font-mono text-xs dark:bg-slate-900"
          }
        >
          {check.evidence}
        </pre>
      )}
      {problem && check.why && (
        <p className="mt-1 text-sm">
          <strong>Why it matters:</strong> {check.why}
        </p>
      )}
      {problem && (
        <p className="mt-1 text-sm">
          <strong>How to fix:</strong> {check.fix}
        </p>
      )}
      {check.status !== "pass" && (
        <p className="mt-1 text-xs text-slate-500">
          Learn more in the lesson{" "}
          {linkLesson ? (
            <a className="underline" href={`/lessons/${check.lesson}`}>
              {check.lesson.replaceAll("-", " ")}
            </a>
          ) : (
            <span>“{check.lesson.replaceAll("-", " ")}” (coming soon)</span>
          )}
        </p>
      )}
    </li>
  );
}
