"use client";

import { useDeferredValue, useMemo } from "react";
import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import { runStaticChecks } from "@/lib/grading/static/run-static-checks";

interface Props {
  files: { path: string; content: string }[];
  checks: ExerciseChecks;
}

/**
 * The grader's static rules, run in the browser as the learner types: the same
 * module and wording as the static phase, so nothing here can disagree with the
 * report. Image, cache and run checks need a real build and wait for Submit.
 */
export function InstantChecks({ files, checks }: Props) {
  const deferred = useDeferredValue(files);
  const findings = useMemo(() => {
    const dockerfile = deferred.find((f) => f.path === "Dockerfile")?.content ?? "";
    if (!dockerfile.trim()) return [];
    try {
      return runStaticChecks({ dockerfile, files: deferred, checks }).filter(
        (c) => c.status === "fail" || c.status === "warn",
      );
    } catch {
      // A half-typed Dockerfile may not parse; the syntax check on Submit explains it.
      return [];
    }
  }, [deferred, checks]);

  return (
    <section
      aria-label="Instant checks"
      data-testid="instant-checks"
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <h3 className="font-semibold">Instant checks on your Dockerfile</h3>
      {findings.length === 0 ? (
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          No problems found in the text. Submit to build, inspect and run it.
        </p>
      ) : (
        <ul className="mt-2 space-y-2">
          {findings.map((check) => (
            <li key={check.id} data-instant-check={check.id} data-instant-status={check.status}>
              <span className="font-medium">
                {check.status === "fail" ? "✗" : "!"} {check.title}
              </span>
              {check.location && <span className="ml-2 font-mono text-xs">{check.location}</span>}
              <p className="whitespace-pre-line text-slate-700 dark:text-slate-300">{check.message}</p>
              <p className="text-slate-700 dark:text-slate-300">
                <strong>Fix:</strong> {check.fix}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
