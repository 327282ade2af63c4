"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendJson } from "@/components/http/send-json";
import type { RegradeProgress as Progress, RegradeStarted } from "@/lib/instructor/regrade";
import { submissionsListPath } from "../paths";

/**
 * Starts a re-grade with a POST to `url`; `outcome`, what the button shows under itself once pressed, is the
 * answer's message on refusal (a plain one when unreachable), or the batch's progress.
 */
function useStartRegrade(url: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<RegradeStarted>();

  async function start() {
    setBusy(true);
    setError(undefined);
    const answer = await sendJson<RegradeStarted>("POST", url, undefined, "The re-grade could not be started");
    setBusy(false);
    if (answer.ok) setStarted({ batchId: answer.data.batchId, total: answer.data.total });
    else setError(answer.message);
  }

  const outcome = (
    <>
      <Alert className="mt-2 text-sm" testId="regrade-error" message={error} />
      {started && <RegradeProgress batchId={started.batchId} total={started.total} />}
    </>
  );
  return { busy, started, start, outcome };
}

const buttonClass =
  "rounded border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-600 hover:bg-brand-600 " +
  "hover:text-white disabled:opacity-60 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800";

/** Grades one submission again (a re-grade's original, when shown a re-grade) and follows it to the end. */
export function RegradeButton({ submissionId }: { submissionId: string }) {
  const { busy, started, start, outcome } = useStartRegrade(
    `/api/instructor/submissions/${encodeURIComponent(submissionId)}/regrade`,
  );
  return (
    <div>
      <button
        type="button"
        onClick={start}
        disabled={busy || started !== undefined}
        className={buttonClass}
        data-testid="regrade-button"
      >
        {busy ? "Starting…" : "Re-grade"}
      </button>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Grades the same files again with the exercise&apos;s current checks. The learner sees the re-grade among their
        attempts; the newest finished grading stands for the attempt.
      </p>
      {outcome}
    </div>
  );
}

/**
 * "Re-grade all N submissions" of an exercise, after a confirmation, then its progress. `count` is what the page
 * knows of the exercise's graded attempts; the server decides what is re-graded (attempts already waiting for a
 * grade or a re-grade are left out) and the progress shows its own total.
 */
export function RegradeExerciseButton({ slug, count }: { slug: string; count: number }) {
  const { busy, started, start, outcome } = useStartRegrade(
    `/api/instructor/exercises/${encodeURIComponent(slug)}/regrade`,
  );
  const noun = count === 1 ? "submission" : "submissions";
  function confirmAndStart() {
    const question =
      `Re-grade all ${count} ${noun} of this exercise with its current checks? ` +
      "Each learner's attempt is graded again in the background, after learners' own submissions.";
    if (window.confirm(question)) void start();
  }
  return (
    <div>
      <button
        type="button"
        onClick={confirmAndStart}
        disabled={busy || started !== undefined || count === 0}
        className={buttonClass}
        data-testid="regrade-all-button"
      >
        {busy ? "Starting…" : `Re-grade all ${count} ${noun}`}
      </button>
      {outcome}
    </div>
  );
}

const POLL_MS = 2_000;

/**
 * Follows a re-grade batch: asks the progress API every two seconds until nothing waits or runs, then refreshes
 * the page (whose lists now hold the new grades) and links to the re-graded submissions.
 */
function RegradeProgress({ batchId, total }: { batchId: string; total: number }) {
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
