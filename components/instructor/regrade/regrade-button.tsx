"use client";

import { useRouter } from "next/navigation";
import { type PropsWithChildren, useEffect, useState } from "react";
import { Alert } from "@/components/http/alert";
import { OUTLINE_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";
import { TextLink } from "@/components/layout/text-link";
import type { RegradeProgress as Progress, RegradeStarted } from "@/lib/instructor/regrade";
import { submissionsListPath } from "../paths";

type Props = PropsWithChildren<{ url: string; label: string; confirm?: string; disabled?: boolean; testId: string }>;

/**
 * A button that starts a re-grade with a POST to `url` (after `confirm`, when given), then shows under itself the
 * answer's message on refusal (a plain one when unreachable), or the batch's progress.
 */
function StartRegrade({ url, label, confirm, disabled, testId, children }: Props) {
  const { busy, error, send } = useSend();
  const [started, setStarted] = useState<RegradeStarted>();

  async function start() {
    if (confirm && !window.confirm(confirm)) return;
    const answer = await send<RegradeStarted>("POST", url, undefined, "The re-grade could not be started");
    if (answer) setStarted({ batchId: answer.data.batchId, total: answer.data.total });
  }

  return (
    <div>
      <button
        type="button"
        onClick={start}
        disabled={busy || started !== undefined || disabled}
        className={OUTLINE_BUTTON}
        data-testid={testId}
      >
        {busy ? "Starting…" : label}
      </button>
      {children}
      <Alert className="mt-2 text-sm" testId="regrade-error" message={error} />
      {started && <RegradeProgress batchId={started.batchId} total={started.total} />}
    </div>
  );
}

/** Grades one submission again (a re-grade's original, when shown a re-grade) and follows it to the end. */
export function RegradeButton({ submissionId }: { submissionId: string }) {
  return (
    <StartRegrade
      url={`/api/instructor/submissions/${encodeURIComponent(submissionId)}/regrade`}
      label="Re-grade"
      testId="regrade-button"
    >
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Grades the same files again with the exercise&apos;s current checks. The learner sees the re-grade among their
        attempts; the newest finished grading stands for the attempt.
      </p>
    </StartRegrade>
  );
}

/**
 * "Re-grade all N submissions" of an exercise, after a confirmation. `count` is the page's; the server decides what is
 * re-graded (not attempts already waiting for a grade or a re-grade) and the progress shows its own total.
 */
export function RegradeExerciseButton({ slug, count }: { slug: string; count: number }) {
  const noun = count === 1 ? "submission" : "submissions";
  return (
    <StartRegrade
      url={`/api/instructor/exercises/${encodeURIComponent(slug)}/regrade`}
      label={`Re-grade all ${count} ${noun}`}
      confirm={
        `Re-grade all ${count} ${noun} of this exercise with its current checks? ` +
        "Each learner's attempt is graded again in the background, after learners' own submissions."
      }
      disabled={count === 0}
      testId="regrade-all-button"
    />
  );
}

const POLL_MS = 2_000;

/** Polls a re-grade batch until it is done, then refreshes the page and links to the re-graded submissions. */
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
        <TextLink
          href={submissionsListPath({ batch: batchId })}
          className="mt-2 inline-block"
          data-testid="regrade-results"
        >
          See the re-graded submissions
        </TextLink>
      )}
    </div>
  );
}
