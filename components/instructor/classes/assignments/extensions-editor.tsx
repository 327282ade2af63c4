"use client";

import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { LocalTime } from "@/components/local-time/local-time";
import { useChange } from "../../use-change";
import { GRANT_FIELD, GrantForm } from "./learner-select";
import { localInputToIso } from "./local-datetime";

type Extension = { userId: string; name: string; dueAt: string; reason: string };

type Props = {
  base: string;
  learners: Array<{ id: string; name: string }>;
  extensions: Extension[];
  canManage: boolean;
};

/** Grants one learner a due date of their own (at `base`, the assignment's API), or takes it back, with why. */
export function ExtensionsEditor({ base, learners, extensions, canManage }: Props) {
  const [dueAt, setDueAt] = useState("");
  const { error, change } = useChange();
  const url = (learner: string) => `${base}/extensions/${learner}`;

  async function withdraw(extension: Extension) {
    const why = window.prompt(`Why take back ${extension.name}'s extension?`);
    if (why) await change("DELETE", url(extension.userId), { reason: why });
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
        <GrantForm
          learners={learners}
          label="Grant"
          onGrant={(learner, reason) => change("PUT", url(learner), { dueAt: localInputToIso(dueAt) ?? dueAt, reason })}
        >
          <input
            type="datetime-local"
            required
            aria-label="Their due date (your time zone)"
            value={dueAt}
            onChange={(e) => setDueAt(e.target.value)}
            className={GRANT_FIELD}
          />
        </GrantForm>
      )}
      <Alert className="mt-1" message={error} />
    </details>
  );
}
