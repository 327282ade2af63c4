"use client";

import { type FormEvent, useState } from "react";
import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import type { SubmissionView } from "@/lib/submissions/fold-events";
import { DraftStatus } from "./draft-status";
import { InstantChecks } from "./instant-checks";
import { SubmissionStream } from "./submission-stream";
import { useDraft } from "./use-draft";

interface FileState {
  path: string;
  content: string;
}

interface Props {
  exercise: string;
  initialFiles: FileState[];
  /** Revision of the saved draft `initialFiles` came from; 0 when there is none. */
  draftRevision: number;
  /** Read-only files of the exercise; the instant checks read them too (requirements, .dockerignore). */
  fixedFiles: FileState[];
  checks: ExerciseChecks;
  /** Lesson slugs of the course, so the report links only to lessons that exist. */
  lessons: string[];
  latest?: { id: string; view: SubmissionView };
}

/** Plain editors for the walking skeleton; the Monaco workspace replaces them later. */
export function ExerciseWorkspace({
  exercise,
  initialFiles,
  draftRevision,
  fixedFiles,
  checks,
  lessons,
  latest,
}: Props) {
  const [files, setFiles] = useState(initialFiles);
  const draft = useDraft(exercise, files, draftRevision);
  const [submissionId, setSubmissionId] = useState(latest?.id);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/submissions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ exercise, files }),
      });
      // A proxy's or the platform's HTML error page is no JSON: the HTTP status below then speaks for it.
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        setError(body?.error?.message ?? `The submission was not accepted (HTTP ${response.status}).`);
        return;
      }
      setSubmissionId(body.id);
    } catch {
      setError("Could not reach the server. Your files are still here; try again.");
    } finally {
      setPending(false);
    }
  }

  async function onReset() {
    if (!window.confirm("Put the starter files back? Your changes to this exercise's files will be lost.")) return;
    const starter = await draft.reset();
    if (starter) setFiles(starter);
  }

  return (
    <form onSubmit={onSubmit} className="mt-8 space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <DraftStatus status={draft.status} notice={draft.notice} onDismissNotice={draft.dismissNotice} />
        <button
          type="button"
          onClick={onReset}
          className={
            "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 " +
            "dark:border-slate-700 dark:hover:bg-slate-800"
          }
        >
          Reset to starter
        </button>
      </div>
      {files.map((file, index) => (
        <div key={file.path}>
          <label htmlFor={`file-${index}`} className="block font-mono text-sm font-semibold">
            {file.path}
          </label>
          <textarea
            id={`file-${index}`}
            data-testid={`editor-${file.path}`}
            value={file.content}
            spellCheck={false}
            onChange={(e) =>
              setFiles((prev) => prev.map((f, i) => (i === index ? { ...f, content: e.target.value } : f)))
            }
            rows={Math.min(24, Math.max(8, file.content.split("\n").length + 2))}
            className={
              "mt-1 block w-full rounded border border-slate-300 bg-slate-50 p-3 " +
              "font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
            }
          />
        </div>
      ))}
      <InstantChecks files={[...fixedFiles, ...files]} checks={checks} />
      {error && (
        <p
          role="alert"
          data-testid="submit-error"
          className={
            "rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 " +
            "dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          }
        >
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Submitting…" : "Submit for grading"}
      </button>
      {submissionId && (
        <SubmissionStream
          key={submissionId}
          submissionId={submissionId}
          initial={submissionId === latest?.id ? latest.view : undefined}
          lessons={lessons}
        />
      )}
    </form>
  );
}
