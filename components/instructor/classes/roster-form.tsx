"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { useRequest } from "@/components/http/use-request";
import type { RosterResult } from "@/lib/classes/roster";

/** Invites a roster CSV's e-mails (chosen as a file or pasted) to the class; refused lines are listed with why. */
export function RosterForm({ classId }: { classId: string }) {
  const router = useRouter();
  const [csv, setCsv] = useState("");
  const [result, setResult] = useState<RosterResult | null>(null);
  // Import is disabled while it sends, which drops the focus: the refusal, or what was imported, takes it.
  const { busy, send, refusal, focusResult } = useRequest();
  const imported = useRef<HTMLDivElement>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const answer = await send<RosterResult>("POST", `/api/instructor/classes/${encodeURIComponent(classId)}/roster`, {
      csv,
    });
    if (!answer) return;
    setResult(answer.data);
    focusResult(imported);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-3 max-w-2xl" data-testid="roster-form">
      <label htmlFor="roster-file" className="block text-sm font-medium">
        A CSV file with an <code>email</code> column (and optionally <code>role</code>: learner or ta)
      </label>
      <input
        id="roster-file"
        type="file"
        accept=".csv,text/csv,text/plain"
        className="mt-1 block text-sm"
        onChange={async (event) => setCsv((await event.target.files?.[0]?.text()) ?? "")}
      />
      <label htmlFor="roster-text" className="mt-3 block text-sm font-medium">
        or paste it here
      </label>
      <textarea
        id="roster-text"
        value={csv}
        onChange={(event) => setCsv(event.target.value)}
        rows={5}
        className={`mt-1 w-full font-mono ${FIELD}`}
        placeholder={"email,role\nada@example.edu,learner\ngrace@example.edu,ta"}
      />
      <button type="submit" disabled={busy || csv.trim() === ""} className={`mt-2 ${PRIMARY_BUTTON}`}>
        Import roster
      </button>
      {refusal("mt-2 text-sm")}
      <div aria-live="polite">
        {result && (
          <div ref={imported} tabIndex={-1} className="mt-3 text-sm" data-testid="roster-result">
            <p>
              {result.invited} invited (each joins by accepting on their classes page, once their e-mail address is
              confirmed), {result.already} already in the class, {result.refused.length} refused.
            </p>
            {result.refused.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {result.refused.map((r) => (
                  <li key={r.line} className="break-all">
                    Line {r.line} ({r.text}): {r.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
