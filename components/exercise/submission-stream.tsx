"use client";

import { type ComponentProps, useEffect, useState } from "react";
import { SECONDARY_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";
import { useViewer } from "@/components/viewer/viewer";
import type { SubmissionEvent } from "@/lib/submissions/event-types";
import { EMPTY_VIEW, foldEvent, type SubmissionView } from "@/lib/submissions/fold-events";
import { isFinalStatus } from "@/lib/submissions/lifecycle";
import { useFocusWhen } from "../http/focus-result";
import { BuildLog } from "../report/build-log";
import { GradingQueueNote } from "./grading-queue-note";
import { ResultReport } from "./result-report";

const STATUS_TEXT: Record<string, string> = {
  queued: "Queued: waiting for a grader",
  running: "Grading…",
  passed: "Passed",
  failed: "Failed",
  error: "Not graded: platform problem (this attempt does not count)",
  withdrawn: "Withdrawn: not graded (this attempt does not count)",
};

const EVENT_TYPES = ["status", "log", "phase", "result"] as const;

/** Shows a submission: what is stored (`initial`), then while not final the events after it, by SSE. */
export function SubmissionStream({
  submissionId,
  initial = EMPTY_VIEW,
  earlier,
  takeFocus = false,
  ...report
}: {
  submissionId: string;
  initial?: SubmissionView;
  /** Says that this is an older attempt than the learner's text (their files changed, or a resubmit was refused). */
  earlier?: string;
  /** Shown for a Submit just pressed: its status line takes the focus the button lost (disabled while it sent). */
  takeFocus?: boolean;
} & Omit<ComponentProps<typeof ResultReport>, "result">) {
  const [view, setView] = useState(initial);
  const { refresh: refreshViewer } = useViewer();
  const final = isFinalStatus(view.status);
  const followed = !isFinalStatus(initial.status);
  // The status is the result of Submit: read out as it moves (a live region), the report following it in Tab order.
  const statusLine = useFocusWhen<HTMLParagraphElement>(takeFocus, true);
  // A grade that arrives here changes the learner's progress, which the header and module pages read from the viewer.
  useEffect(() => {
    if (followed && final) void refreshViewer();
  }, [followed, final, refreshViewer]);

  useEffect(() => {
    if (isFinalStatus(initial.status)) return;
    const source = new EventSource(`/api/submissions/${submissionId}/events?after=${initial.lastEventId}`);
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (e) => {
        const { data, lastEventId: id } = e as MessageEvent<string>;
        const event = { type, data: JSON.parse(data), id } as SubmissionEvent & { id: string };
        // Ignore anything already folded in, so a replay can never duplicate log lines.
        setView((prev) => (BigInt(event.id || "0") <= BigInt(prev.lastEventId) ? prev : foldEvent(prev, event)));
      });
    }
    source.addEventListener("end", () => source.close());
    return () => source.close();
  }, [submissionId, initial.status, initial.lastEventId]);

  const { status, message, notice, log, phase, result } = view;
  const tone =
    status === "passed"
      ? "text-emerald-700 dark:text-emerald-300"
      : status === "failed" || status === "error"
        ? "text-red-700 dark:text-red-300"
        : "text-slate-700 dark:text-slate-300";
  return (
    <section aria-label="Grading" className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      {earlier && (
        <p data-testid="earlier-attempt" className="text-sm text-slate-600 italic dark:text-slate-400">
          {earlier}
        </p>
      )}
      <p
        ref={statusLine}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className={`font-semibold ${tone}`}
        data-testid="submission-status"
        data-status={status}
      >
        {STATUS_TEXT[status] ?? status}
        {phase && status === "running" ? ` (${phase})` : ""}
      </p>
      {notice && (
        <p
          className={
            "rounded border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900 " +
            "dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
          }
          data-testid="submission-notice"
        >
          {notice}
        </p>
      )}
      {message && message !== notice && (
        <p className="text-sm" data-testid="submission-message">
          {message}
        </p>
      )}
      {status === "queued" && <GradingQueueNote submissionId={submissionId} />}
      {status === "queued" && <WithdrawButton submissionId={submissionId} />}
      {result && <ResultReport result={result} {...report} />}
      <h3 className="text-lg font-semibold">Build log</h3>
      <BuildLog log={log} live={!final} />
    </section>
  );
}

/** Takes back a submission no grader has started; the stream brings its "withdrawn" status, a refusal shows here. */
function WithdrawButton({ submissionId }: { submissionId: string }) {
  const { busy: pending, error: refusal, send } = useSend();
  const withdraw = () =>
    send(
      "POST",
      `/api/submissions/${submissionId}/withdraw`,
      undefined,
      "The submission was not withdrawn",
      "Could not reach the server; the submission was not withdrawn. Try again.",
    );
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={withdraw}
        disabled={pending}
        data-testid="withdraw-submission"
        className={`${SECONDARY_BUTTON} disabled:opacity-60`}
      >
        {pending ? "Withdrawing…" : "Withdraw this submission"}
      </button>
      {refusal && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-200">
          {refusal}
        </p>
      )}
    </div>
  );
}
