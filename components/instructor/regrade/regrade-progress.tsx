"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/http/alert";
import type { RegradeProgress as Progress } from "@/lib/instructor/regrade";
import { submissionsListPath } from "../submissions/paths";

const POLL_MS = 2_000;

/**
 * Follows a re-grade batch: asks the progress API every two seconds until nothing waits or runs, then refreshes
 * the page (whose lists now hold the new grades) and links to the re-graded submissions.
 */
export function RegradeProgress({ batchId, total }: { batchId: string; total: number }) {
  const router = useRouter();
  const [progress, setProgress] = useState<Progress>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/api/instructor/regrades/${encodeURIComponent(batchId)}`, { cache: "no-store" });
        const body = (await response.json()) as Progress & { error?: { message?: string } };
        if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
        if (stopped) return;
        setProgress(body);
        setProblem(undefined);
        if (body.done) {
          router.refresh();
          return;
        }
      } catch (err) {
        // A missed reading is not the end: the batch goes on, and the next reading may work.
        if (!stopped) setProblem(err instanceof Error && !(err instanceof TypeError) ? err.message : "no answer");
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [batchId, router]);

  const all = progress?.total ?? total;
  const graded = progress ? progress.passed + progress.failed + progress.error : 0;
  const done = progress?.done ?? false;
  return (
    <div
      className="mt-3 max-w-xl rounded border border-slate-200 p-3 text-sm dark:border-slate-700"
      data-testid="regrade-progress"
      data-done={String(done)}
    >
      <div
        role="progressbar"
        aria-label="Re-grade progress"
        aria-valuemin={0}
        aria-valuemax={all}
        aria-valuenow={graded}
        aria-valuetext={`${graded} of ${all} graded`}
        className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      >
        <div
          className="h-2 bg-brand-600 transition-[width] dark:bg-sky-400"
          style={{ width: `${all === 0 ? 100 : Math.round((graded / all) * 100)}%` }}
        />
      </div>
      <p role="status" className="mt-2" data-testid="regrade-progress-text">
        {progress
          ? `${graded} of ${all} graded, ${progress.running} running, ${progress.queued} waiting`
          : `Re-grade of ${all} started…`}
        {done && " — done."}
      </p>
      {progress && graded > 0 && (
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          {progress.passed} passed · {progress.failed} failed · {progress.error} not graded (platform error)
        </p>
      )}
      {problem && (
        <p className="mt-1 text-amber-800 dark:text-amber-300">
          The progress could not be read just now ({problem}); trying again.
        </p>
      )}
      {done && (
        <Link
          href={submissionsListPath({ batch: batchId })}
          className="mt-2 inline-block text-brand-600 underline dark:text-sky-300"
          data-testid="regrade-results"
        >
          See the re-graded submissions
        </Link>
      )}
    </div>
  );
}

/** What a re-grade button shows under itself once pressed: why it could not start, or the batch's progress. */
export function RegradeOutcome({ error, started }: { error?: string; started?: { batchId: string; total: number } }) {
  return (
    <>
      <Alert className="mt-2 text-sm" testId="regrade-error" message={error} />
      {started && <RegradeProgress batchId={started.batchId} total={started.total} />}
    </>
  );
}
