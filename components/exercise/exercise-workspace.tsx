"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CodeWorkspace, type CodeWorkspaceHandle } from "@/components/editor/code-workspace";
import { RevealLocationContext } from "@/components/editor/editor-context";
import { focusWasLost, useFocusResult } from "@/components/http/focus-result";
import { SECONDARY_BUTTON } from "@/components/http/form-styles";
import { useViewer } from "@/components/viewer/viewer";
import type { ExerciseChecks } from "@/lib/exercises/exercise-schema";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";
import type { SubmissionView } from "@/lib/submissions/fold-events";
import type { ShellOffer } from "../shell/shell-offer";
import { DraftStatus } from "./draft-status";
import { InstantChecks, useInstantChecks } from "./instant-checks";
import { useDraft } from "./use-draft";

// The live log and report are a chunk of their own, so the page stays inside its budget (bench/page-weight.ts).
const SubmissionStream = dynamic(() => import("./submission-stream").then((m) => m.SubmissionStream));

interface Props {
  exercise: string;
  initialFiles: SubmittedFile[];
  /** Revision of the saved draft `initialFiles` came from; 0 when there is none. */
  draftRevision: number;
  /** Read-only files of the exercise; the instant checks read them too (requirements, .dockerignore). */
  fixedFiles: SubmittedFile[];
  checks: ExerciseChecks;
  /** Lesson slugs of the course, so the report links only to lessons that exist. */
  lessons: string[];
  /** `shell`: whether its image is still kept and the account's shell on it is live, as the page found them. */
  latest?: { id: string; view: SubmissionView; shell?: Pick<ShellOffer, "kept" | "reattach"> };
  /** The exercise's shell settings, for the shell a report offers in a built image. */
  shell: Pick<ShellOffer, "readOnlyRootfs" | "tryThese">;
}

/** The learner's side of an exercise; `files` is the one copy of their text, which every part reads. */
export function ExerciseWorkspace({
  exercise,
  initialFiles,
  draftRevision,
  fixedFiles,
  checks,
  lessons,
  latest,
  shell,
}: Props) {
  const [files, setFiles] = useState(initialFiles);
  const draft = useDraft(exercise, files, draftRevision);
  const [submissionId, setSubmissionId] = useState(latest?.id);
  // The files the shown submission was made from: once they change, its report says it is about an older text.
  const [shownFiles, setShownFiles] = useState(initialFiles);
  // A refusal is about the text sent (`sent`) and goes once it changes; a rate limit or lost connection stays.
  const [failure, setFailure] = useState<{ message: string; sent?: SubmittedFile[]; signedOut?: boolean } | null>(null);
  const shown = failure && (!failure.sent || failure.sent === files) ? failure : null;
  const { refresh: refreshViewer } = useViewer();
  const [pending, setPending] = useState(false);
  // After a 429 the button waits out Retry-After: clicking again before then could only be refused again.
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  // Stable between renders: a new array would start a new check (and a new report, and a new render...).
  const checked = useMemo(() => [...fixedFiles, ...files], [fixedFiles, files]);
  // Keyed by the paths, which never change as the learner types, so typing starts one check, not two.
  const paths = useMemo(() => files.map((f) => f.path).join("\n"), [files]);
  const submitted = useMemo(() => paths.split("\n"), [paths]);
  const report = useInstantChecks(checked, submitted, checks);
  const editorFiles = useMemo(
    () => [...files.map((f) => ({ ...f, readOnly: false })), ...fixedFiles.map((f) => ({ ...f, readOnly: true }))],
    [fixedFiles, files],
  );
  const form = useRef<HTMLFormElement>(null);
  const editor = useRef<CodeWorkspaceHandle>(null);
  const reveal = useCallback((location: string) => editor.current?.reveal(location) ?? false, []);
  const submit = useCallback(() => form.current?.requestSubmit(), []);
  // Submit is disabled while it sends, which drops the focus: a refusal takes it (Ctrl+Enter in the editor keeps it).
  const refusal = useRef<HTMLParagraphElement>(null);
  const focusResult = useFocusResult();
  const sayRefusal = () => {
    if (focusWasLost()) focusResult(refusal);
  };

  // Ctrl/Cmd+Enter anywhere on the page; inside Monaco the editor's own action handles it and stops the event.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !event.defaultPrevented) {
        event.preventDefault();
        submit();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [submit]);

  useEffect(() => {
    if (waitUntil === null) return;
    // Submitting is blocked meanwhile, so the message shown is still the "try again in …" one, stale once it passes.
    const timer = setTimeout(() => {
      setWaitUntil(null);
      setFailure(null);
    }, waitUntil - Date.now());
    return () => clearTimeout(timer);
  }, [waitUntil]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (pending || waitUntil !== null) return;
    setPending(true);
    setFailure(null);
    const response = await fetch("/api/submissions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ exercise, files }),
    }).catch(() => null);
    // A proxy's or the platform's HTML error page is no JSON: the HTTP status below then speaks for it.
    const body = await response?.json().catch(() => ({}));
    setPending(false);
    if (!response) {
      setFailure({ message: "Could not reach the server. Your files are still here; try again." });
      return sayRefusal();
    }
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("Retry-After"));
      const limited = response.status === 429 && retryAfter > 0;
      if (limited) setWaitUntil(Date.now() + retryAfter * 1000);
      const message = body?.error?.message ?? `The submission was not accepted (HTTP ${response.status}).`;
      const signedOut = response.status === 401;
      // Signed out (in another tab, or the session ended): the header has to stop showing the account too.
      if (signedOut) void refreshViewer();
      setFailure(signedOut ? { message, signedOut } : { message, sent: limited ? undefined : files });
      return sayRefusal();
    }
    setSubmissionId(body.id);
    setShownFiles(files);
  }

  async function onReset() {
    if (!window.confirm("Put the starter files back? Your changes to this exercise's files will be lost.")) return;
    const starter = await draft.reset();
    if (starter) setFiles(starter);
  }

  return (
    <RevealLocationContext value={reveal}>
      <form ref={form} onSubmit={onSubmit} className="mt-8 space-y-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <DraftStatus status={draft.status} notice={draft.notice} onDismissNotice={draft.dismissNotice} />
          <button type="button" onClick={onReset} className={SECONDARY_BUTTON}>
            Reset to starter
          </button>
        </div>
        <CodeWorkspace
          ref={editor}
          files={editorFiles}
          report={report}
          lessons={lessons}
          onChange={(path, content) => setFiles((prev) => prev.map((f) => (f.path === path ? { ...f, content } : f)))}
          onSubmit={submit}
        />
        <InstantChecks report={report} files={submitted} />
        {shown && (
          <p
            ref={refusal}
            tabIndex={-1}
            role="alert"
            data-testid="submit-error"
            className={
              "rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 " +
              "dark:border-red-800 dark:bg-red-950 dark:text-red-200"
            }
          >
            {shown.message}
            {shown.signedOut && (
              <>
                {" "}
                {/* A new tab, so the files in this one (unsaved while signed out) are still here to submit. */}
                <Link href="/sign-in" target="_blank" className="font-medium underline" data-testid="submit-sign-in">
                  Sign in in a new tab
                </Link>
                , then submit again here: your files stay on this page.
              </>
            )}
          </p>
        )}
        <button
          type="submit"
          disabled={pending || waitUntil !== null}
          className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Submitting…" : "Submit for grading"}
        </button>
        {submissionId && (
          <SubmissionStream
            key={submissionId}
            submissionId={submissionId}
            initial={submissionId === latest?.id ? latest.view : undefined}
            earlier={
              shown?.sent
                ? "Your last Submit was refused (see above), so the report below is still of your previous attempt."
                : shownFiles !== files
                  ? "The report below is of your previous attempt: your files have changed since."
                  : undefined
            }
            lessons={lessons}
            onJumpTo={reveal}
            shell={{ ...shell, submissionId, ...(submissionId === latest?.id ? latest.shell : {}) }}
            takeFocus={submissionId !== latest?.id}
          />
        )}
      </form>
    </RevealLocationContext>
  );
}
