"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useRequest } from "@/components/http/use-request";
import type { RosterSyncResult } from "@/lib/lti/roster-sync";

/** A sync's counts in words: "Synced from Moodle: 2 added, 0 given a new role, 0 removed, 12 unchanged." */
function rosterSyncSummary(lmsName: string, r: RosterSyncResult): string {
  const unread =
    r.skipped > 0
      ? ` ${r.skipped} ${r.skipped === 1 ? "entry" : "entries"} of the LMS's roster could not be read and ` +
        `${r.skipped === 1 ? "was" : "were"} left as ${r.skipped === 1 ? "it was" : "they were"}.`
      : "";
  return (
    `Synced from ${lmsName}: ${r.added} added, ${r.changed} given a new role, ${r.removed} removed, ` +
    `${r.unchanged} unchanged.${unread}`
  );
}

/** Syncs the class's roster from its LMS; the counts of what changed are announced and take the focus. */
export function RosterSyncButton({ classId, lmsName }: { classId: string; lmsName: string }) {
  const router = useRouter();
  const { busy, send, refusal, focusResult } = useRequest();
  const [summary, setSummary] = useState("");
  const status = useRef<HTMLSpanElement>(null);

  async function sync() {
    setSummary("Syncing the roster…");
    const answer = await send<RosterSyncResult>(
      "POST",
      `/api/instructor/classes/${encodeURIComponent(classId)}/lti-roster`,
    );
    if (!answer) return setSummary("");
    setSummary(rosterSyncSummary(lmsName, answer.data));
    focusResult(status);
    router.refresh();
  }

  return (
    <>
      <button type="button" onClick={sync} disabled={busy} className="text-sm underline">
        Sync roster from the LMS
      </button>
      {/* Always in the page, so the live region is known before its text changes (as screen readers need). */}
      <span
        ref={status}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className="block"
        data-testid="roster-sync-result"
      >
        {summary}
      </span>
      {refusal("block text-xs", true)}
    </>
  );
}
