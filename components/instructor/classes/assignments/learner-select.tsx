"use client";

import { type ReactNode, useState } from "react";

export const GRANT_FIELD = "rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900";

type Props = {
  learners: ReadonlyArray<{ id: string; name: string }>;
  /** The submit button's text. */
  label: string;
  ariaLabel?: string;
  /** Sends the grant; answers whether it was granted (the reason then empties for the next one). */
  onGrant: (learner: string, reason: string) => Promise<boolean>;
  /** What is granted, between the learner and the reason. */
  children: ReactNode;
};

/** A per-learner grant (an extension, extra time): the learner, what is granted and why, named alike in every form. */
export function GrantForm({ learners, label, ariaLabel, onGrant, children }: Props) {
  const [learner, setLearner] = useState("");
  const [reason, setReason] = useState("");

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (await onGrant(learner, reason)) setReason("");
  }

  return (
    <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-2" aria-label={ariaLabel}>
      <select
        required
        aria-label="Learner"
        value={learner}
        onChange={(e) => setLearner(e.target.value)}
        className={GRANT_FIELD}
      >
        <option value="">Learner…</option>
        {learners.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      {children}
      <input
        required
        maxLength={500}
        placeholder="Reason"
        aria-label="Reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className={GRANT_FIELD}
      />
      <button type="submit" className="rounded border px-2 py-1">
        {label}
      </button>
    </form>
  );
}
