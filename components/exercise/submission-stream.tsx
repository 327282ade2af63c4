"use client";

import { useEffect, useRef, useState } from "react";
import type { ResultDocument } from "@/lib/grading/result-schema";
import { ResultReport } from "./result-report";

const STATUS_TEXT: Record<string, string> = {
  queued: "Queued: waiting for a grader",
  running: "Grading…",
  passed: "Passed",
  failed: "Failed",
  error: "Not graded: platform problem (this attempt does not count)",
};

/** Follows a submission over SSE; EventSource resumes from the last event id by itself. */
export function SubmissionStream({ submissionId }: { submissionId: string }) {
  const [status, setStatus] = useState("queued");
  const [message, setMessage] = useState<string | undefined>();
  const [log, setLog] = useState("");
  const [phase, setPhase] = useState<string | undefined>();
  const [result, setResult] = useState<ResultDocument | undefined>();
  const logRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    const source = new EventSource(`/api/submissions/${submissionId}/events`);
    source.addEventListener("status", (e) => {
      const data = JSON.parse((e as MessageEvent).data);
      setStatus(data.status);
      setMessage(data.message);
    });
    source.addEventListener("log", (e) => setLog((prev) => prev + JSON.parse((e as MessageEvent).data).text));
    source.addEventListener("phase", (e) => {
      const data = JSON.parse((e as MessageEvent).data);
      setPhase(data.state === "started" ? data.name : undefined);
    });
    source.addEventListener("result", (e) => setResult(JSON.parse((e as MessageEvent).data)));
    source.addEventListener("end", () => source.close());
    return () => source.close();
  }, [submissionId]);

  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [log]);

  const tone = status === "passed" ? "text-emerald-700 dark:text-emerald-300" : status === "failed" || status === "error" ? "text-red-700 dark:text-red-300" : "text-slate-700 dark:text-slate-300";
  return (
    <section aria-label="Grading" className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <p role="status" aria-live="polite" className={`font-semibold ${tone}`} data-testid="submission-status" data-status={status}>
        {STATUS_TEXT[status] ?? status}
        {phase && status === "running" ? ` (${phase})` : ""}
      </p>
      {message && <p className="text-sm">{message}</p>}
      <pre ref={logRef} data-testid="build-log" aria-label="Build log" className="max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-950 p-3 font-mono text-xs text-slate-100">
        {log || "Waiting for output…"}
      </pre>
      {result && <ResultReport result={result} />}
    </section>
  );
}
