"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useRequest } from "@/components/http/use-request";

/** The web server sends due scores every 3 s (lib/course-policy/policy-worker.ts): the page is read after a round. */
const REREAD_AFTER_MS = 5000;

type Props = { classId: string; only?: { linkId: string; userId: string }; label: string; description?: string };

/**
 * Sends failed LMS scores again now: one learner's on one item (`only`; `description` completes the button's name), or
 * every failed one of the class. What was queued is announced with the focus; the page is read again at once and after
 * the sender's next round, so the row shows the new try's outcome without a reload.
 */
export function RetryScoresButton({ classId, only, label, description }: Props) {
  const router = useRouter();
  const { busy, send, refusal, focusResult } = useRequest();
  const [said, setSaid] = useState("");
  const status = useRef<HTMLSpanElement>(null);

  async function retry() {
    if (busy) return;
    const url = `/api/instructor/classes/${encodeURIComponent(classId)}/lms-scores`;
    const answer = await send<{ requeued: number }>("POST", url, only ?? { all: true });
    if (!answer) return setSaid("");
    const n = answer.data.requeued;
    setSaid(
      n === 0
        ? "Nothing to send again: it was sent, or is already waiting."
        : `Sending ${n === 1 ? "it" : `${n} scores`} again now; this page shows the outcome in a few seconds.`,
    );
    focusResult(status);
    router.refresh();
    setTimeout(() => router.refresh(), REREAD_AFTER_MS);
  }

  return (
    <span className="inline-block">
      {/* aria-disabled, not disabled, while the request runs: a disabled button drops the keyboard's focus. */}
      <button
        type="button"
        onClick={retry}
        aria-disabled={busy || undefined}
        aria-label={description ? `${label} for ${description}` : undefined}
        className="text-sm underline"
      >
        {label}
      </button>
      <span ref={status} tabIndex={-1} role="status" aria-live="polite" className="block text-xs">
        {said}
      </span>
      {refusal("block text-xs", true)}
    </span>
  );
}
