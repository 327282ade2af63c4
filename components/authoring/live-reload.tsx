"use client";

import { catchError, type ErrorInfo } from "next/error";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { z } from "zod";
import {
  type ContentProblem,
  contentProblemSchema,
  formatProblem,
  problemLocation,
} from "@/lib/content/content-problem";

const problemsEventSchema = z.object({ problems: z.array(contentProblemSchema) });

interface LiveContent {
  problems: ContentProblem[];
  /** The page's error fallback hands over its retry while it is shown, and takes it back when it goes. */
  setRetry(retry: (() => void) | undefined): void;
}

const LiveContentContext = createContext<LiveContent>({ problems: [], setRetry: () => {} });

/**
 * The development server's live preview (mounted by the root layout under `next dev` only). It follows the content
 * events: on a save under content/ the page is refreshed in place (server components re-render with the new
 * content; scroll and client state stay), and the course's validation problems are listed in a panel. A page that
 * throws while rendering shows its problem instead, and is retried on the next save.
 */
export function LiveReload({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [problems, setProblems] = useState<ContentProblem[]>([]);
  const [connected, setConnected] = useState(false);
  const [pageFailed, setPageFailed] = useState(false);
  const retryPage = useRef<(() => void) | undefined>(undefined);

  const setRetry = useCallback((retry: (() => void) | undefined) => {
    retryPage.current = retry;
    setPageFailed(retry !== undefined);
  }, []);

  useEffect(() => {
    const source = new EventSource("/api/dev/content-events");
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("changed", () => {
      // A failed page must also leave its error state, which retry() does together with the refresh.
      if (retryPage.current) retryPage.current();
      else router.refresh();
    });
    source.addEventListener("problems", (e) => {
      const parsed = problemsEventSchema.safeParse(JSON.parse((e as MessageEvent<string>).data));
      if (parsed.success) setProblems(parsed.data.problems);
      else console.error("[live preview] unexpected problems event", parsed.error);
    });
    return () => source.close();
  }, [router]);

  return (
    <LiveContentContext.Provider value={{ problems, setRetry }}>
      <ContentBoundary>{children}</ContentBoundary>
      <p className="sr-only" data-testid="live-reload" data-connected={connected}>
        {connected ? "Live preview on: saving a file under content/ reloads this page." : "Live preview connecting."}
      </p>
      {!pageFailed && problems.length > 0 && <ProblemsPanel problems={problems} />}
    </LiveContentContext.Provider>
  );
}

const ContentBoundary = catchError(function PageFailed(_props: Record<string, unknown>, { error, retry }: ErrorInfo) {
  return <PageError error={error} retry={retry} />;
});

function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const { problems, setRetry } = useContext(LiveContentContext);
  useEffect(() => {
    setRetry(retry);
    return () => setRetry(undefined);
  }, [retry, setRetry]);
  const message = error instanceof Error ? error.message : String(error);

  return (
    <section
      role="alert"
      data-testid="content-error"
      className="rounded-lg border border-red-300 bg-red-50 p-5 dark:border-red-800 dark:bg-red-950"
    >
      <h1 className="text-2xl font-bold text-red-800 dark:text-red-200">This page cannot render</h1>
      {problems.length > 0 ? (
        <>
          <p className="mt-2">The course has {count(problems)}. Fix the file and save: the page reloads by itself.</p>
          <ProblemList problems={problems} />
        </>
      ) : (
        <p className="mt-2">Rendering failed with the error below. Fix it and save, or try again.</p>
      )}
      <details className="mt-4" open={problems.length === 0}>
        <summary className="cursor-pointer text-sm font-medium">The error as the server reported it</summary>
        <pre className="mt-2 overflow-x-auto whitespace-pre-wrap text-sm" data-testid="content-error-message">
          {message}
        </pre>
      </details>
      <button
        type="button"
        onClick={retry}
        data-testid="content-error-retry"
        className="mt-4 rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        Try again
      </button>
    </section>
  );
}

function ProblemsPanel({ problems }: { problems: ContentProblem[] }) {
  const [open, setOpen] = useState(true);
  return (
    <section
      aria-label="Content problems"
      data-testid="content-problems"
      className={
        "fixed right-4 bottom-4 z-50 max-h-[50vh] w-[min(36rem,calc(100vw-2rem))] overflow-y-auto rounded-lg " +
        "border border-red-300 bg-white p-4 shadow-lg dark:border-red-800 dark:bg-slate-900"
      }
    >
      <div className="flex items-center justify-between gap-4">
        <h2 className="font-semibold text-red-800 dark:text-red-200">{count(problems)}</h2>
        <button
          type="button"
          className="text-sm underline"
          aria-expanded={open}
          aria-controls="content-problem-list"
          onClick={() => setOpen(!open)}
        >
          {open ? "Hide" : "Show"}
        </button>
      </div>
      <ProblemList problems={problems} id="content-problem-list" hidden={!open} />
      <p className="sr-only" role="status">
        {count(problems)}
      </p>
    </section>
  );
}

function count(problems: ContentProblem[]): string {
  return `${problems.length} content ${problems.length === 1 ? "problem" : "problems"}`;
}

function ProblemList({ problems, id, hidden }: { problems: ContentProblem[]; id?: string; hidden?: boolean }) {
  return (
    <ul id={id} hidden={hidden} className="mt-3 space-y-3 text-sm">
      {problems.map((problem) => (
        <li key={formatProblem(problem)} data-testid="content-problem">
          {problem.file && (
            <code className="block font-mono text-xs break-all text-slate-600 dark:text-slate-300">
              {problemLocation(problem)}
            </code>
          )}
          <p className="whitespace-pre-wrap">{problem.message}</p>
        </li>
      ))}
    </ul>
  );
}
