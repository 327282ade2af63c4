import type { ReactNode } from "react";
import type { CheckResult } from "@/lib/grading/result-schema";
import { type JumpTo, Location } from "./location";

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
const BORDER = {
  fail: "border-red-300 dark:border-red-800",
  warn: "border-amber-300 dark:border-amber-700",
  skipped: "border-slate-200 dark:border-slate-700",
  pass: "border-slate-200 dark:border-slate-700",
} as const;

/**
 * The checks by category, the categories with failures first and problems first within each; passed checks are
 * folded away. `lessons`: slugs the course has; a check pointing elsewhere names its topic without a dead link.
 */
export function CheckGroups({
  checks,
  lessons,
  onJumpTo,
  afterFix,
}: {
  checks: CheckResult[];
  lessons?: readonly string[];
  onJumpTo?: JumpTo;
  /** Something the page offers beside a problem's fix (the report: a shell in the image for failed run checks). */
  afterFix?: (check: CheckResult) => ReactNode;
}) {
  // Checks this exercise does not grade (0 points) would drown the ones that matter; they go last, folded.
  const notApplicable = checks.filter((c) => c.status === "skipped" && c.maxPoints === 0);
  const graded = checks.filter((c) => !notApplicable.includes(c));
  const worst = (category: CheckResult["category"]) =>
    Math.min(...graded.filter((c) => c.category === category).map((c) => ORDER[c.status]));
  const categories = (Object.keys(CATEGORY_TITLE) as CheckResult["category"][])
    .filter((c) => graded.some((k) => k.category === c))
    .sort((a, b) => worst(a) - worst(b));
  const item = (check: CheckResult) => (
    <CheckItem
      key={check.id}
      check={check}
      linkLesson={!lessons || lessons.includes(check.lesson)}
      onJumpTo={onJumpTo}
      afterFix={afterFix}
    />
  );
  return (
    <>
      {categories.map((category) => {
        const inCategory = graded
          .filter((c) => c.category === category)
          .sort((a, b) => ORDER[a.status] - ORDER[b.status]);
        const passed = inCategory.filter((c) => c.status === "pass");
        const open = inCategory.filter((c) => c.status !== "pass");
        const id = `report-category-${category}`;
        return (
          <section key={category} aria-labelledby={id} data-category={category}>
            <h3 id={id} className="text-lg font-semibold">
              {CATEGORY_TITLE[category]}{" "}
              <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
                ({categoryCounts(inCategory)})
              </span>
            </h3>
            {open.length > 0 && <ul className="mt-2 space-y-2">{open.map(item)}</ul>}
            {passed.length > 0 && (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">
                  {passed.length} passed {passed.length === 1 ? "check" : "checks"}
                </summary>
                <ul className="mt-2 space-y-2">{passed.map(item)}</ul>
              </details>
            )}
          </section>
        );
      })}
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
    </>
  );
}

function categoryCounts(checks: CheckResult[]): string {
  const parts: string[] = [];
  const count = (s: CheckResult["status"]) => checks.filter((c) => c.status === s).length;
  if (count("fail")) parts.push(`${count("fail")} failed`);
  if (count("warn")) parts.push(`${count("warn")} ${count("warn") === 1 ? "warning" : "warnings"}`);
  if (count("skipped")) parts.push(`${count("skipped")} not run`);
  if (count("pass")) parts.push(`${count("pass")} passed`);
  return parts.join(", ");
}

function CheckItem({
  check,
  linkLesson,
  onJumpTo,
  afterFix,
}: {
  check: CheckResult;
  linkLesson: boolean;
  onJumpTo?: JumpTo;
  afterFix?: (check: CheckResult) => ReactNode;
}) {
  const problem = check.status === "fail" || check.status === "warn";
  return (
    <li data-check={check.id} data-check-status={check.status} className={`rounded border p-3 ${BORDER[check.status]}`}>
      <p className="font-medium">
        <span aria-hidden="true">{BADGE[check.status]} </span>
        {check.title}{" "}
        <span className="text-sm font-normal text-slate-500 dark:text-slate-400">
          ({STATUS_WORD[check.status]}, {check.points}/{check.maxPoints})
        </span>
      </p>
      <p className="mt-1 whitespace-pre-line text-sm">{check.message}</p>
      {check.location && (
        <p className="mt-1 text-xs">
          Where: <Location location={check.location} onJumpTo={onJumpTo} />
        </p>
      )}
      {problem && check.evidence && (
        <pre
          className={
            "mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-900"
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
      {problem && afterFix?.(check)}
      {check.status !== "pass" && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
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
