import { plural } from "@/lib/format/numbers";
import type { CheckResult, FindingResult } from "@/lib/grading/result-schema";
import { LessonLink } from "./lesson-link";

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
export const BORDER = {
  fail: "border-red-300 dark:border-red-800",
  warn: "border-amber-300 dark:border-amber-700",
  skipped: "border-slate-200 dark:border-slate-700",
  pass: "border-slate-200 dark:border-slate-700",
} as const;

/**
 * Every graded check by category, failures first, as an index: a failed or warning check names its finding, one that
 * could not run says why, passed ones are folded away. `lessons`: slugs the course has (others get no link).
 */
export function CheckGroups({
  checks,
  findings,
  lessons,
}: {
  checks: CheckResult[];
  findings: FindingResult[];
  lessons?: readonly string[];
}) {
  // Checks this exercise does not grade (0 points) would drown the ones that matter; they go last, folded.
  const notApplicable = checks.filter((c) => c.status === "skipped" && c.maxPoints === 0);
  const graded = checks.filter((c) => !notApplicable.includes(c));
  const worst = (category: CheckResult["category"]) =>
    Math.min(...graded.filter((c) => c.category === category).map((c) => ORDER[c.status]));
  const categories = (Object.keys(CATEGORY_TITLE) as CheckResult["category"][])
    .filter((c) => graded.some((k) => k.category === c))
    .sort((a, b) => worst(a) - worst(b));
  const findingOf = (check: CheckResult) => findings.find((f) => f.checks.includes(check.id));
  const item = (check: CheckResult) => (
    <CheckLine
      key={check.id}
      check={check}
      finding={findingOf(check)}
      linkLesson={!lessons || lessons.includes(check.lesson)}
    />
  );
  return (
    <section aria-labelledby="report-all-checks" data-testid="check-groups" className="space-y-4">
      <h3 id="report-all-checks" className="text-lg font-semibold">
        All checks
      </h3>
      {categories.map((category) => {
        const inCategory = graded
          .filter((c) => c.category === category)
          .sort((a, b) => ORDER[a.status] - ORDER[b.status]);
        const passed = inCategory.filter((c) => c.status === "pass");
        const open = inCategory.filter((c) => c.status !== "pass");
        const id = `report-category-${category}`;
        return (
          <section key={category} aria-labelledby={id} data-category={category}>
            <h4 id={id} className="font-semibold">
              {CATEGORY_TITLE[category]}{" "}
              <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
                ({categoryCounts(inCategory)})
              </span>
            </h4>
            {open.length > 0 && <ul className="mt-1 space-y-1 text-sm">{open.map(item)}</ul>}
            {passed.length > 0 && (
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer">{plural(passed.length, "passed check")}</summary>
                <ul className="mt-1 space-y-1">{passed.map(item)}</ul>
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
    </section>
  );
}

/** "2 failed, 1 warning, 3 passed": the statuses in ORDER's order, those with none left out. */
function categoryCounts(checks: CheckResult[]): string {
  return (Object.keys(ORDER) as CheckResult["status"][])
    .map((s) => [s, checks.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s === "warn" && n !== 1 ? "warnings" : STATUS_WORD[s]}`)
    .join(", ");
}

/** One line per check; a failed or warning one points to its finding (`data-check-ref`), not repeating it. */
function CheckLine({
  check,
  finding,
  linkLesson,
}: {
  check: CheckResult;
  finding?: FindingResult;
  linkLesson: boolean;
}) {
  const problem = check.status === "fail" || check.status === "warn";
  // Tests and tools find a check's status where its details are: here for passed and unrun checks only.
  const id = problem ? { "data-check-ref": check.id } : { "data-check": check.id, "data-check-status": check.status };
  return (
    <li {...id} className={`rounded border px-2 py-1 ${BORDER[check.status]}`}>
      <span aria-hidden="true">{BADGE[check.status]} </span>
      {check.title}{" "}
      <span className="text-slate-500 dark:text-slate-400">
        ({STATUS_WORD[check.status]}, {check.points}/{check.maxPoints})
      </span>
      {problem && finding ? (
        <span className="text-slate-600 dark:text-slate-400"> — see “{finding.title}” above</span>
      ) : (
        <span className="block text-slate-600 dark:text-slate-400">{check.message}</span>
      )}
      {check.status === "skipped" && (
        <span className="block text-xs text-slate-500 dark:text-slate-400">
          Learn more in the lesson <LessonLink slug={check.lesson} known={linkLesson} />
        </span>
      )}
    </li>
  );
}
