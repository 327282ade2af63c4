"use client";

import { useState } from "react";
import { sendJson } from "@/components/http/send-json";
import type { RegradeStarted } from "@/lib/instructor/regrade";

/** Starts a re-grade with a POST to `url`; the answer's message on refusal, a plain one when unreachable. */
export function useStartRegrade(url: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<RegradeStarted>();

  async function start() {
    setBusy(true);
    setError(undefined);
    const answer = await sendJson<RegradeStarted>("POST", url, undefined, "The re-grade could not be started");
    setBusy(false);
    if (answer.ok) setStarted({ batchId: answer.data.batchId, total: answer.data.total });
    else setError(answer.message);
  }

  return { busy, error, started, start };
}

export const regradeButtonClass =
  "rounded border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-600 hover:bg-brand-600 " +
  "hover:text-white disabled:opacity-60 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800";
