"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRef, useState } from "react";
import { focusWasLost, useFocusResult } from "@/components/http/focus-result";
import { TextLink } from "@/components/layout/text-link";
import type { SessionNews as LabNews, TerminalSession } from "@/components/sessions/use-session";
import type { SessionStatus as LabStatus } from "@/lib/sessions/session-lifecycle";
import type { TaskStatus as LabTaskStatus } from "@/lib/sessions/session-protocol";
import { KeptLabPanel } from "./kept-lab-panel";
import type { KeptLabFacts } from "./kept-lab-words";
import { LabPreview, type PreviewAnswer } from "./lab-preview";
import { LabTaskStrip, LabTasks, type LabTaskView } from "./lab-tasks";

// xterm needs a DOM and is large: it loads in the browser, and only once the learner starts (or returns to) a lab.
const LabTerminal = dynamic(() => import("./lab-terminal").then((m) => m.LabTerminal), {
  ssr: false,
  loading: () => <p className="text-sm">Loading the terminal…</p>,
});

export interface LabWorkspaceProps {
  slug: string;
  tasks: LabTaskView[];
  signedIn: boolean;
  /** The learner's live session of this lab, followed again at once. */
  live: { id: string; status: LabStatus } | null;
  /** The learner's live session of another lab, which must close before this one starts. */
  elsewhere: { slug: string; title: string; status: LabStatus } | null;
  /** Tasks done in any session of this lab. */
  tasksDone: string[];
  /** The learner's kept work of this lab, which Start resumes; null when there is none (or a lab holds it now). */
  kept?: KeptLabFacts | null;
}

/** A lab page's tasks, Start button, terminal and port preview; wide, tasks and terminal sit side by side. */
export function LabWorkspace({ slug, tasks, signedIn, live, elsewhere, tasksDone, kept = null }: LabWorkspaceProps) {
  // `fresh`: this attempt starts over, its host forgetting the kept lab instead of resuming it.
  const [attempt, setAttempt] = useState<{ n: number; takeOver?: string; fresh?: boolean } | null>(
    live ? { n: 0 } : null,
  );
  const [forgotten, setForgotten] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);
  const [session, setSession] = useState<TerminalSession | null>(null);
  // Start replaces its button and Close goes: the panel's heading takes the focus, then the terminal once open.
  const panelTitle = useRef<HTMLHeadingElement>(null);
  const focusResult = useFocusResult();
  const onSession = (next: TerminalSession | null) => {
    setSession(next);
    if (next?.status === "closed" && focusWasLost()) panelTitle.current?.focus();
  };
  const [standing, setStanding] = useState<Readonly<Record<string, LabTaskStatus>>>({});
  // Read when a task event arrives, so a task is announced once, the first time it turns green.
  const doneRef = useRef<ReadonlySet<string>>(new Set(tasksDone));
  const [doneEver, setDoneEver] = useState(doneRef.current);
  const [announcement, setAnnouncement] = useState("");
  const [answers, setAnswers] = useState<Readonly<Record<string, PreviewAnswer>>>({});

  // Read through a ref by the session (use-session.ts), so neither callback needs to stay the same between renders.
  const onEvent = (event: LabNews) => {
    if (event.type === "preview") return setAnswers((known) => ({ ...known, [event.data.requestId]: event.data }));
    const task = event.data;
    setStanding((known) => ({ ...known, [task.id]: task }));
    if (!task.done || doneRef.current.has(task.id)) return;
    doneRef.current = new Set([...doneRef.current, task.id]);
    setDoneEver(doneRef.current);
    setAnnouncement(`Task done: ${tasks.find((t) => t.id === task.id)?.title ?? task.id}.`);
  };

  const start = (takeOver?: string, fresh = false) => {
    // A new lab starts from its engine's state, kept or new: only what was ever done stays ticked.
    setStanding({});
    // Starting over holds until a session takes it; once one did, its work is the kept one, which starting resumes.
    const carried = session === null;
    focusResult(panelTitle);
    setAttempt((a) =>
      a === null ? { n: 0, fresh } : { n: a.n + 1, takeOver, fresh: fresh || (carried && a.fresh === true) },
    );
  };

  const forgot = () => {
    setForgotten(true);
    startButton.current?.focus();
  };

  // A lab with no tasks (the playground) is the terminal alone, the page's whole width.
  const hasTasks = tasks.length > 0;
  return (
    <div
      className={
        hasTasks
          ? "mt-8 grid gap-8 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] lg:items-start lg:gap-6"
          : "mx-auto mt-8 max-w-5xl"
      }
      data-testid="lab-workspace"
    >
      {hasTasks && <LabTasks tasks={tasks} standing={standing} doneEver={doneEver} />}
      <p role="status" aria-live="polite" className="sr-only" data-testid="lab-task-announcement">
        {announcement}
      </p>

      <section
        aria-labelledby="lab-panel-title"
        data-testid="lab-panel"
        className="min-w-0 space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      >
        <h2 id="lab-panel-title" ref={panelTitle} tabIndex={-1} className="text-xl font-semibold">
          Your lab
        </h2>
        {hasTasks && <LabTaskStrip tasks={tasks} doneEver={doneEver} />}
        {!signedIn ? (
          <p data-testid="sign-in-to-start">
            <TextLink className="font-medium" href={`/sign-in?next=/labs/${slug}`}>
              Sign in
            </TextLink>{" "}
            to start this lab: a Docker host of your own, with a terminal here on the page.
          </p>
        ) : attempt === null ? (
          <>
            {elsewhere && (
              <p className="text-sm" data-testid="lab-elsewhere">
                Your lab{" "}
                <Link className="underline" href={`/labs/${elsewhere.slug}`}>
                  {elsewhere.title}
                </Link>{" "}
                is still {elsewhere.status === "queued" ? "waiting to start" : elsewhere.status}. You can have one lab
                at a time: starting this one offers to close that one first.
              </p>
            )}
            {kept && !forgotten && (
              <KeptLabPanel slug={slug} kept={kept} onStartOver={() => start(undefined, true)} onForgotten={forgot} />
            )}
            {forgotten && (
              <p role="status" className="text-sm" data-testid="kept-lab-forgotten">
                Your kept work of this lab is deleted: Start lab starts it on a new Docker host.
              </p>
            )}
            <button
              ref={startButton}
              type="button"
              data-testid="start-lab"
              onClick={() => start()}
              className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Start lab
            </button>
          </>
        ) : (
          <LabTerminal
            key={attempt.n}
            slug={slug}
            takeOver={attempt.takeOver}
            fresh={attempt.fresh}
            onRestart={start}
            onSession={onSession}
            onEvent={onEvent}
          />
        )}
        {signedIn && <LabPreview labId={session?.id ?? null} open={session?.status === "open"} answers={answers} />}
      </section>
    </div>
  );
}
