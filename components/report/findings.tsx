import type { ReactNode } from "react";
import { ScrollRegion } from "@/components/layout/scroll-region";
import type { CheckResult, FindingResult } from "@/lib/grading/result-schema";
import { BORDER } from "./check-groups";
import { FixText } from "./fix-text";
import { LessonLink } from "./lesson-link";
import { type JumpTo, Location } from "./location";

const FOUND_IN = { image: "in the built image", run: "in the running container" } as const;

/** Where a check found what it reports: a rule names the file it read (compose.yaml's are not the Dockerfile's). */
function foundIn(check: { method?: "static" | "image" | "run"; location?: string; id: string }): string {
  if (check.method !== "static") return check.method ? FOUND_IN[check.method] : "";
  const file = check.location?.replace(/:\d+(?::\d+)?$/, "");
  if (file) return `in ${file}`;
  return check.id.includes(".compose-") ? "in the Compose file" : "in the Dockerfile";
}

/** How every finding is shown: `afterFix` adds to a check (a shell to open). */
type Shown = { onJumpTo?: JumpTo; afterFix?: (check: CheckResult) => ReactNode; pointsCounted: boolean };

/**
 * The findings, one per mistake: failures in the order that unblocks the most checks, then warnings, each with its
 * checks, why, fix and lesson. `pointsCounted`: the result scored each mistake once, so it can say what it costs.
 */
export function Findings({
  findings,
  checks,
  lessons,
  ...shown
}: { findings: FindingResult[]; checks: CheckResult[]; lessons?: readonly string[] } & Shown) {
  const failing = findings.filter((f) => f.status === "fail");
  const warnings = findings.filter((f) => f.status === "warn");
  const item = (finding: FindingResult) => (
    <FindingItem
      key={finding.cause}
      finding={finding}
      checks={finding.checks.flatMap((id) => checks.filter((c) => c.id === id))}
      linkLesson={!lessons || lessons.includes(finding.lesson)}
      {...shown}
    />
  );
  if (findings.length === 0) return null;
  return (
    <section aria-label="Findings" data-testid="findings" className="space-y-4">
      {failing.length > 0 && (
        <div>
          <h3 id="report-fix-first" className="text-lg font-semibold">
            Fix these first
          </h3>
          <ol className="mt-2 space-y-3" aria-labelledby="report-fix-first">
            {failing.map(item)}
          </ol>
        </div>
      )}
      {warnings.length > 0 && (
        <div>
          <h3 id="report-warnings" className="text-lg font-semibold">
            Worth fixing{" "}
            <span className="text-sm font-normal text-slate-600 dark:text-slate-400">(warnings cost no points)</span>
          </h3>
          <ul className="mt-2 space-y-3" aria-labelledby="report-warnings">
            {warnings.map(item)}
          </ul>
        </div>
      )}
    </section>
  );
}

function FindingItem({
  finding,
  checks,
  linkLesson,
  onJumpTo,
  afterFix,
  pointsCounted,
}: { finding: FindingResult; checks: CheckResult[]; linkLesson: boolean } & Shown) {
  const fail = finding.status === "fail";
  return (
    <li
      data-finding={finding.cause}
      data-finding-status={finding.status}
      className={`rounded border p-3 ${BORDER[finding.status]}`}
    >
      <p className="font-medium">
        <span aria-hidden="true">{fail ? "✗ " : "! "}</span>
        {finding.title}{" "}
        <span className="text-sm font-normal text-slate-600 dark:text-slate-400" data-finding-cost>
          ({costText(finding, checks.length, pointsCounted)})
        </span>
      </p>
      <ul className="mt-2 space-y-2 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
        {checks.map((check) => (
          <li key={check.id} data-check={check.id} data-check-status={check.status} className="text-sm">
            <p>
              <span className="font-medium">{check.title}</span>{" "}
              <span className="text-slate-500 dark:text-slate-400">
                ({check.status === "fail" ? "failed" : "warning"}
                {check.method ? `, found ${foundIn(check)}` : ""})
              </span>
            </p>
            <p className="mt-0.5 whitespace-pre-line">{check.message}</p>
            {check.location && (
              <p className="mt-0.5 text-xs">
                Where: <Location location={check.location} onJumpTo={onJumpTo} />
              </p>
            )}
            {check.evidence && (
              <ScrollRegion
                as="pre"
                label="Evidence"
                className={
                  "mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-slate-100 p-2 font-mono text-xs " +
                  "dark:bg-slate-900"
                }
              >
                {check.evidence}
              </ScrollRegion>
            )}
            {/* A failed run check is about the container: the page may offer a shell in it, next to the check. */}
            {afterFix?.(check)}
          </li>
        ))}
      </ul>
      {finding.why && (
        <p className="mt-2 text-sm">
          <strong>Why it matters:</strong> {finding.why}
        </p>
      )}
      <div className="mt-2 text-sm">
        <strong>How to fix:</strong>
        <FixText fix={finding.fix} />
      </div>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        Learn more in the lesson <LessonLink slug={finding.lesson} known={linkLesson} />
      </p>
    </li>
  );
}

/** What the mistake costs, and why one mistake found by several checks costs only once. */
function costText(finding: FindingResult, checks: number, pointsCounted: boolean): string {
  const found = checks === 1 ? "found by 1 check" : `found by ${checks} checks`;
  if (!pointsCounted) return found;
  if (finding.status === "warn" || finding.lostPoints === 0) return `${found}, no points lost`;
  const lost = `−${formatPoints(finding.lostPoints)} ${finding.lostPoints === 1 ? "point" : "points"}`;
  return checks === 1 ? `${found}, ${lost}` : `${found}, counted once: ${lost}`;
}

export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}
