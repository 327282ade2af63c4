"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useFocusResult } from "@/components/http/focus-result";
import { sendJson } from "@/components/http/send-json";
import { formatJoinCode } from "@/lib/classes/join-code";

const button =
  "rounded border border-brand-600 px-3 py-1 text-sm font-medium text-brand-600 hover:bg-brand-600 hover:text-white " +
  "disabled:opacity-50 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800";

type Props = { classId: string; code: string | null; canManage: boolean };

/** The class's join code and link; its instructors make a new one (the old one stops working) or close joining. */
export function JoinCodePanel({ classId, code, canManage }: Props) {
  const router = useRouter();
  const [origin, setOrigin] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  // The buttons are disabled while a change is sent, which drops the focus: the line saying what happened takes it.
  const said = useRef<HTMLParagraphElement>(null);
  const focusResult = useFocusResult();
  useEffect(() => setOrigin(window.location.origin), []);
  const link = code ? `${origin}/classes/join?code=${formatJoinCode(code)}` : "";

  async function change(open: boolean) {
    setBusy(true);
    const answer = await sendJson<{ joinCode: string | null }>(
      "POST",
      `/api/instructor/classes/${encodeURIComponent(classId)}/join-code`,
      { open },
    );
    setBusy(false);
    setMessage(
      answer.ok ? (open ? "A new code is ready; the old one no longer works." : "Joining is closed.") : answer.message,
    );
    focusResult(said);
    if (answer.ok) router.refresh();
  }

  async function copy(text: string) {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setMessage("Copied.");
  }

  return (
    <div className="mt-3" data-testid="join-code-panel">
      {code ? (
        <div className="flex flex-wrap items-center gap-3">
          <span className="font-mono text-2xl tracking-widest" data-testid="join-code">
            {formatJoinCode(code)}
          </span>
          <button type="button" className={button} onClick={() => copy(link)} disabled={!origin}>
            Copy join link
          </button>
        </div>
      ) : (
        <p data-testid="join-closed">Joining by code is closed: only a roster or an LMS adds learners.</p>
      )}
      {code && origin && (
        <p className="mt-2 break-all text-sm text-slate-600 dark:text-slate-400" data-testid="join-link">
          {link}
        </p>
      )}
      {canManage && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className={button} disabled={busy} onClick={() => change(true)}>
            {code ? "Make a new code" : "Open joining with a new code"}
          </button>
          {code && (
            <button type="button" className={button} disabled={busy} onClick={() => change(false)}>
              Close joining
            </button>
          )}
        </div>
      )}
      <p ref={said} tabIndex={-1} aria-live="polite" className="mt-2 text-sm">
        {message}
      </p>
    </div>
  );
}
