"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendForProblem } from "@/components/http/send-json";
import { LocalTime } from "@/components/local-time/local-time";
import { LearnerSelect } from "./learner-select";
import { localInputToIso } from "./local-datetime";

interface Extension {
  userId: string;
  name: string;
  dueAt: string;
  reason: string;
}

const field = "rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900";

/** One learner's own due date for an assignment, with why; and taking one back, also with why (the log keeps it). */
export function ExtensionsEditor({
  base,
  learners,
  extensions,
  canManage,
}: {
  /** The assignment's API address. */
  base: string;
  learners: Array<{ id: string; name: string }>;
  extensions: Extension[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [learner, setLearner] = useState("");
  const [dueAt, setDueAt] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function grant(event: React.FormEvent) {
    event.preventDefault();
    const problem = await sendForProblem("PUT", `${base}/extensions/${learner}`, {
      dueAt: localInputToIso(dueAt) ?? dueAt,
      reason,
    });
    setError(problem);
    if (problem) return;
    setReason("");
    router.refresh();
  }

  async function withdraw(extension: Extension) {
    const why = window.prompt(`Why take back ${extension.name}'s extension?`);
    if (!why) return;
    const problem = await sendForProblem("DELETE", `${base}/extensions/${extension.userId}`, { reason: why });
    setError(problem);
    if (!problem) router.refresh();
  }

  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer">Extensions ({extensions.length})</summary>
      {extensions.length > 0 && (
        <ul className="mt-1 space-y-1">
          {extensions.map((e) => (
            <li key={e.userId}>
              {e.name}: due <LocalTime iso={e.dueAt} /> ({e.reason}){" "}
              {canManage && (
                <button type="button" className="underline" onClick={() => withdraw(e)}>
                  withdraw
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && learners.length > 0 && (
        <form onSubmit={grant} className="mt-2 flex flex-wrap items-end gap-2">
          <LearnerSelect learners={learners} value={learner} onChange={setLearner} className={field} />
          <input
            type="datetime-local"
            required
            aria-label="Their due date (your time zone)"
            value={dueAt}
            onChange={(e) => setDueAt(e.target.value)}
            className={field}
          />
          <input
            required
            maxLength={500}
            placeholder="Reason"
            aria-label="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={field}
          />
          <button type="submit" className="rounded border px-2 py-1">
            Grant
          </button>
        </form>
      )}
      <Alert className="mt-1" message={error} />
    </details>
  );
}
