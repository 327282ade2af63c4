"use client";

import { useRef, useState } from "react";
import { useRequest } from "@/components/http/use-request";
import type { LmsCheckReport } from "@/lib/lti/lms-check";

const SEVERITY = {
  problem: ["Problem", "text-red-700 dark:text-red-300"],
  warning: ["Warning", "text-amber-800 dark:text-amber-300"],
  note: ["Note", "text-slate-700 dark:text-slate-300"],
} as const;

/** Checks the LMS registration (lib/lti/lms-check.ts) and shows each finding; the report takes the focus. */
export function LmsCheckButton({ platformId, lmsName }: { platformId: string; lmsName: string }) {
  const { busy, send, refusal, focusResult } = useRequest();
  const [report, setReport] = useState<LmsCheckReport | null>(null);
  const result = useRef<HTMLDivElement>(null);

  async function check() {
    if (busy) return;
    setReport(null);
    const answer = await send<LmsCheckReport>(
      "POST",
      `/api/admin/lti/platforms/${encodeURIComponent(platformId)}/check`,
    );
    if (!answer) return;
    setReport(answer.data);
    focusResult(result);
  }

  const headingId = `lms-check-${platformId}`;
  return (
    <div className="mt-1">
      <button type="button" onClick={check} aria-disabled={busy || undefined} className="text-sm underline">
        {busy ? `Checking ${lmsName}…` : "Check this LMS"}
      </button>
      {refusal("block text-xs", true)}
      <div
        ref={result}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className="mt-2 max-w-xl text-sm"
        data-testid={`lms-check-${platformId}`}
      >
        {report && (
          <section aria-labelledby={headingId}>
            <h3 id={headingId} className="font-semibold">
              {report.findings.length === 0
                ? `${report.lmsName}: no known misconfiguration found`
                : `${report.lmsName}: ${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}`}
            </h3>
            <p className="text-slate-600 dark:text-slate-400">
              Scopes: {report.scopes.map((s) => `${s.use} ${s.granted ? "granted" : "NOT granted"}`).join("; ") || "—"}.
              Grade columns read: {report.linksRead}.
            </p>
            <ul className="mt-2 space-y-3">
              {report.findings.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: findings have no identity beyond their place.
                <li key={i} data-rule={f.rule}>
                  <p className={`font-medium ${SEVERITY[f.severity][1]}`}>
                    {SEVERITY[f.severity][0]}
                    {f.where ? ` (${f.where})` : ""}: {f.found}
                  </p>
                  <p>
                    <span className="font-medium">Why it matters:</span> {f.why}
                  </p>
                  <p>
                    <span className="font-medium">How to fix it:</span> {f.fix}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
