"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/http/alert";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { useFocusWhen } from "@/components/http/focus-result";
import { useSend } from "@/components/http/use-request";
import { LocalTime } from "@/components/local-time/local-time";
import { useViewer } from "@/components/viewer/viewer";
import type { AssignmentKind } from "@/lib/content/item-kinds";
import { describeExtraTime, dueAnnouncement, formatDuration, secondsLeft } from "@/lib/timed/timed-clock";
import type { ReaderTimed, TimedAssessmentView } from "@/lib/timed/timed-windows";

const CLOSED_DURING = "hints, the reference solution, your earlier attempts' reports and asking staff for help";

/**
 * The learner's timed assessments of an item: what starting means, the Start button with its confirmation, then the
 * countdown to the server's end. The end comes from the server (`endsAt`, and its clock at the answer to correct this
 * browser's), so a reload, another tab or a restarted server shows the same time left. The time left is a timer the
 * screen reader is not interrupted by; a polite live region says it at 10, 5 and 1 minutes, and when time is up.
 */
export function TimedPanel({
  kind,
  itemSlug,
  initial,
  heading = "h2",
}: {
  kind: AssignmentKind;
  itemSlug: string;
  /** The level of each assessment's heading on its page (a quiz's sits under its own h3). */
  heading?: "h2" | "h4";
  /** From the server render; a prerendered page (a lesson's quiz) asks from the browser. */
  initial?: ReaderTimed;
}) {
  const { viewer } = useViewer();
  const signedIn = initial !== undefined || !!viewer?.user;
  const [timed, setTimed] = useState<ReaderTimed | undefined>(initial);
  // This browser's clock minus the server's. Measured from when the request left, so the time on the way can only
  // make the clock show less time than the learner has, never more.
  const [skew, setSkew] = useState(0);
  useEffect(() => {
    if (!signedIn) return;
    const query = new URLSearchParams({ kind, item: itemSlug });
    const sent = Date.now();
    return fetchForEffect<ReaderTimed>(`/api/me/timed?${query}`, { cache: "no-store" }, (answer) => {
      setSkew(sent - Date.parse(answer.serverNow));
      setTimed(answer);
    });
  }, [kind, itemSlug, signedIn]);
  if (!timed || timed.assessments.length === 0) return null;
  return (
    <div className="mt-4 space-y-3">
      {timed.assessments.map((a) => (
        <TimedAssessment
          key={a.assignmentId}
          assessment={a}
          skew={skew}
          heading={heading}
          onChange={(next) =>
            setTimed(
              (t) =>
                t && { ...t, assessments: t.assessments.map((x) => (x.assignmentId === next.assignmentId ? next : x)) },
            )
          }
        />
      ))}
    </div>
  );
}

function TimedAssessment({
  assessment: a,
  skew,
  heading: Heading,
  onChange,
}: {
  assessment: TimedAssessmentView;
  skew: number;
  heading: "h2" | "h4";
  onChange: (next: TimedAssessmentView) => void;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<"start" | "finish" | null>(null);
  const { busy, error, send } = useSend();
  const [announcement, setAnnouncement] = useState("");
  const confirmText = useFocusWhen<HTMLParagraphElement>(confirming !== null);

  async function act(path: "" | "/finish") {
    if (busy) return;
    const answer = await send<TimedAssessmentView>("POST", `/api/timed/${a.assignmentId}${path}`);
    setConfirming(null);
    if (!answer) return;
    onChange(answer.data);
    // Server-rendered help (hints, the solution, asking staff, earlier attempts) closes or opens with the window.
    router.refresh();
  }

  const minutes = (seconds: number) => `${Math.round(seconds / 60)} minutes`;
  const confirm = (text: string, yes: string, path: "" | "/finish") => (
    <div className="mt-2 space-y-2">
      <p ref={confirmText} tabIndex={-1} className="font-medium">
        {text}
      </p>
      <div className="flex gap-3">
        <button
          type="button"
          aria-disabled={busy || undefined}
          className="rounded bg-violet-700 px-3 py-1.5 font-medium text-white hover:bg-violet-800"
          onClick={() => act(path)}
        >
          {yes}
        </button>
        <button type="button" className="rounded border px-3 py-1.5" onClick={() => setConfirming(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
  const withExtra = a.extra.extraPercent || a.extra.extraMinutes;
  return (
    <section
      aria-labelledby={`timed-${a.assignmentId}`}
      className="rounded border border-violet-300 bg-violet-50 p-4 text-sm dark:border-violet-800 dark:bg-violet-950"
      data-testid="timed-panel"
      data-state={a.state}
    >
      <Heading id={`timed-${a.assignmentId}`} className="text-base font-semibold">
        Timed assessment · {a.className}
      </Heading>
      <p className="mt-1">
        Time limit: {minutes(a.limitMinutes * 60)}
        {withExtra ? (
          <>
            {" "}
            with your extra time ({describeExtraTime(a.extra)}): <strong>{minutes(a.allowedSeconds)}</strong>
          </>
        ) : null}
        .
      </p>
      {a.state === "not-started" && (
        <>
          <p className="mt-1">
            The clock starts when you press Start and keeps running if you leave or reload the page; the window closes
            by itself at the end. You have one window. While it runs, {CLOSED_DURING} are closed. Only work handed in
            inside the window counts{a.kind === "quiz" ? ", and handing the quiz in ends the window" : ""}.
          </p>
          {a.cannotStart ? (
            <p className="mt-2 font-medium">{a.cannotStart}</p>
          ) : confirming === "start" ? (
            confirm(
              `Start now? You will have ${minutes(a.allowedSeconds)}, and the clock cannot be paused.`,
              "Yes, start the clock",
              "",
            )
          ) : (
            <button
              type="button"
              className="mt-2 rounded bg-violet-700 px-3 py-1.5 font-medium text-white hover:bg-violet-800"
              onClick={() => setConfirming("start")}
            >
              Start timed assessment
            </button>
          )}
        </>
      )}
      {a.state === "running" && a.endsAt && (
        <>
          <Countdown
            endsAt={a.endsAt}
            skew={skew}
            announce={setAnnouncement}
            onEnd={() => {
              setAnnouncement("Time is up: your timed assessment has ended.");
              onChange({ ...a, state: "finished", secondsUsed: null });
              router.refresh();
            }}
          />
          <p className="mt-1">
            Ends at <LocalTime iso={a.endsAt} />. While it runs, {CLOSED_DURING} are closed.
          </p>
          {confirming === "finish" ? (
            confirm(
              "Finish now? Work handed in after this does not count, and the window cannot be opened again.",
              "Yes, finish now",
              "/finish",
            )
          ) : (
            <button type="button" className="mt-2 underline" onClick={() => setConfirming("finish")}>
              Finish early
            </button>
          )}
        </>
      )}
      {a.state === "finished" && (
        <p className="mt-1 font-medium" data-testid="timed-finished">
          Your window {a.closedReason === "handed-in" ? "ended when you handed the quiz in" : "has ended"}
          {a.secondsUsed !== null ? ` (time used: ${formatDuration(a.secondsUsed)})` : ""}. Work handed in after it does
          not count.
        </p>
      )}
      <Alert className="mt-2" message={error} />
      {/* Always there, so what it says at the end is read although the countdown has gone. */}
      <p aria-live="polite" className="sr-only" data-testid="timed-announcement">
        {announcement}
      </p>
    </section>
  );
}

/** The time left, once a second, from the server's end; it asks for the marks to be said, and says when it ends. */
function Countdown({
  endsAt,
  skew,
  announce,
  onEnd,
}: {
  endsAt: string;
  skew: number;
  announce: (text: string) => void;
  onEnd: () => void;
}) {
  const leftNow = () => secondsLeft({ endsAt: new Date(endsAt) }, new Date(Date.now() - skew));
  const [left, setLeft] = useState(leftNow);
  const announced = useRef(new Set<number>());
  // The latest callbacks, so the ticking does not restart with every render of the parent.
  const callbacks = useRef({ announce, onEnd });
  callbacks.current = { announce, onEnd };
  // biome-ignore lint/correctness/useExhaustiveDependencies: leftNow reads only endsAt and skew, listed.
  useEffect(() => {
    let ended = false;
    const tick = () => {
      const now = leftNow();
      setLeft(now);
      const mark = dueAnnouncement(now, announced.current);
      if (mark !== null) {
        announced.current.add(mark);
        callbacks.current.announce(`${mark} minute${mark === 1 ? "" : "s"} left in your timed assessment.`);
      }
      if (now === 0 && !ended) {
        ended = true;
        callbacks.current.onEnd();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [endsAt, skew]);
  return (
    <p className="mt-2 text-lg font-semibold tabular-nums">
      Time left:{" "}
      <span role="timer" aria-live="off" data-testid="timed-left">
        {formatDuration(left)}
      </span>
    </p>
  );
}
