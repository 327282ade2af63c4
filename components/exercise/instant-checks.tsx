"use client";

import { use, useDeferredValue, useEffect, useRef, useState } from "react";
import { RevealLocationContext } from "@/components/editor/editor-context";
import { parseLocation } from "@/components/editor/locations";
import type { InstantReport } from "@/components/instant-report/instant-report";
import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import { type StaticChecker, startStaticChecker } from "./static-checker";

/**
 * The instant checks (instant-findings.ts) as the learner types, in a worker loaded when the page is idle; undefined
 * until the first answer. `submitted` names the files Submit sends, out of `files`.
 */
export function useInstantChecks(
  files: { path: string; content: string }[],
  submitted: readonly string[],
  checks: ExerciseChecks,
) {
  const deferred = useDeferredValue(files);
  const [report, setReport] = useState<InstantReport>();
  const checker = useRef<StaticChecker>(undefined);
  const started = useRef(false);

  useEffect(
    () => () => {
      checker.current?.dispose();
      checker.current = undefined;
    },
    [],
  );

  useEffect(() => {
    let current = true;
    const run = () => {
      checker.current ??= startStaticChecker();
      void checker.current.check({ files: deferred, submitted, checks }).then((result) => {
        if (current) setReport(result);
      });
    };
    // The starter files wait until the page is idle, so loading the rules never competes with hydration.
    let cancel: (() => void) | undefined;
    if (started.current) run();
    else cancel = whenIdle(run);
    started.current = true;
    return () => {
      current = false;
      cancel?.();
    };
  }, [deferred, submitted, checks]);

  return report;
}

/** The findings as text under the editor: the same as its markers, readable without hovering. */
export function InstantChecks({ report, files }: { report: InstantReport | undefined; files: readonly string[] }) {
  const reveal = use(RevealLocationContext);
  const findings = report?.findings;
  return (
    <section
      aria-label="Instant checks"
      aria-busy={findings === undefined}
      data-testid="instant-checks"
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
    >
      <h3 className="font-semibold">Instant checks on your {files.join(" and ")}</h3>
      {findings === undefined ? (
        <p className="mt-1 text-slate-600 dark:text-slate-400">Checking…</p>
      ) : findings.length === 0 ? (
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
              {check.location &&
                (parseLocation(check.location) ? (
                  <button
                    type="button"
                    onClick={() => reveal(check.location!)}
                    title="Show this line in the editor"
                    className="ml-2 font-mono text-xs underline decoration-dotted hover:decoration-solid"
                  >
                    {check.location}
                  </button>
                ) : (
                  <span className="ml-2 font-mono text-xs">{check.location}</span>
                ))}
              <p className="whitespace-pre-line text-slate-700 dark:text-slate-300">{check.message}</p>
              {/* The server's refusals end with their fix already: said once is enough. */}
              {!check.message.endsWith(check.fix) && (
                <p className="text-slate-700 dark:text-slate-300">
                  <strong>Fix:</strong> {check.fix}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === "function") {
    const handle = requestIdleCallback(run, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(run, 200);
  return () => clearTimeout(timer);
}
