"use client";

import { useState } from "react";

export interface StartedRegrade {
  batchId: string;
  total: number;
}

/** Starts a re-grade with a POST to `url`; the answer's message on refusal, a plain one when unreachable. */
export function useStartRegrade(url: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<StartedRegrade>();

  async function start() {
    setBusy(true);
    setError(undefined);
    try {
      const response = await fetch(url, { method: "POST" });
      const body = (await response.json().catch(() => null)) as
        | (StartedRegrade & { error?: { message?: string } })
        | null;
      if (response.status !== 202 || !body?.batchId) {
        throw new Error(body?.error?.message ?? `The re-grade could not be started (HTTP ${response.status}).`);
      }
      setStarted({ batchId: body.batchId, total: body.total });
    } catch (err) {
      // fetch rejects with a TypeError when the request never got an answer.
      const unreachable = err instanceof TypeError || !(err instanceof Error);
      setError(unreachable ? "The server could not be reached. Please try again." : err.message);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, started, start };
}

export const regradeButtonClass =
  "rounded border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-600 hover:bg-brand-600 " +
  "hover:text-white disabled:opacity-60 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800";
