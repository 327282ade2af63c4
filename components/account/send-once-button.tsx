"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendJson } from "@/components/http/send-json";

/**
 * A button that POSTs once and says what happened beside it, in words a screen reader hears at once: the mailed
 * confirmation ("Sent to …") or the server's refusal. `then: "refresh"` reloads the page's data after it worked.
 */
export function SendOnceButton({
  url,
  label,
  done,
  then,
  testId,
}: {
  url: string;
  label: string;
  /** The words once it worked; `{name}` stands for the answer's field of that name (a page passes no functions). */
  done: string;
  then?: "refresh";
  testId?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function act() {
    if (busy) return;
    setBusy(true);
    const answer = await sendJson<Record<string, unknown>>("POST", url);
    setBusy(false);
    setResult(answer.ok ? { ok: true, text: fill(done, answer.data) } : { ok: false, text: answer.message });
    if (answer.ok && then === "refresh") router.refresh();
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {/* aria-disabled rather than disabled while it runs, so the keyboard's focus stays on the button. */}
      <button
        type="button"
        onClick={act}
        aria-disabled={busy || undefined}
        data-testid={testId}
        className={
          "rounded border border-slate-400 px-3 py-1 text-sm font-medium " +
          "hover:bg-slate-100 dark:hover:bg-slate-800"
        }
      >
        {busy ? "Please wait…" : label}
      </button>
      {result?.ok && (
        <span role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {result.text}
        </span>
      )}
      <Alert inline className="text-sm" message={result && !result.ok ? result.text : null} />
    </span>
  );
}

/** The words with each `{name}` replaced by the answer's field of that name. */
function fill(words: string, answer: Record<string, unknown>): string {
  return words.replace(/\{(\w+)\}/g, (_, name: string) => String(answer[name] ?? ""));
}
