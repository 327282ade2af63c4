"use client";

import { useEffect, useState } from "react";
import type { QueueStanding } from "@/lib/submissions/queue-standing";

/** How often a queued submission asks where it stands. */
const POLL_MS = 4000;

/** "about 40 s", "about 3 min": an estimate said as one, never to the second. */
function about(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

/** The standing in words: the place, who grades, and when it should start with what that is based on. */
export function queueStandingText(s: QueueStanding): string {
  const place = s.position === 1 ? "Next in the queue" : `Number ${s.position} in the queue`;
  if (s.slots === 0) return `${place}. No grader for it is online right now; it starts when one is.`;
  const graders = `${s.slots} ${s.slots === 1 ? "grading" : "gradings"} at a time`;
  if (s.startsInSeconds === null || s.typicalSeconds === null) return `${place} (${graders}).`;
  const when =
    s.startsInSeconds === 0 ? "it starts as soon as a grader picks it up" : `it starts in ${about(s.startsInSeconds)}`;
  return `${place} (${graders}): ${when}. A grading takes ${about(s.typicalSeconds)} here lately.`;
}

/** While a submission is queued, where it stands, asked again every few seconds; nothing once a grader took it. */
export function GradingQueueNote({ submissionId }: { submissionId: string }) {
  const [standing, setStanding] = useState<QueueStanding | null>(null);
  useEffect(() => {
    let stopped = false;
    const ask = async () => {
      const reply = await fetch(`/api/submissions/${submissionId}/queue`).catch(() => null);
      if (stopped || !reply?.ok) return;
      setStanding((await reply.json().catch(() => null)) as QueueStanding | null);
    };
    void ask();
    const timer = setInterval(ask, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [submissionId]);
  if (!standing) return null;
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="grading-queue-standing">
      {queueStandingText(standing)}
    </p>
  );
}
