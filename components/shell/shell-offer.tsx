"use client";

import { createContext, type ReactNode, use, useCallback, useMemo, useState } from "react";
import type { TryThis } from "./shell-guide";

/** What a report needs to offer a shell in a submission's image. */
export interface ShellOffer {
  submissionId: string;
  /** The exercise's `shell.readOnlyRootfs`. */
  readOnlyRootfs: boolean;
  /** The exercise's `shell.tryThese`; the course's defaults without it. */
  tryThese?: readonly TryThis[];
  /** Whether the image is still kept, as the page found it; absent for a grading followed live (just kept). */
  kept?: { available: boolean; reason?: string | null };
  /** The account's shell on this submission is still live (the page was reloaded): reattach to it at once. */
  reattach?: boolean;
}

/** `requests` counts "Open a shell" clicks outside the panel (on failing checks); the panel opens on each. */
type OfferScope = { requests: number; request: () => void };

/** The report's scope, for its failing checks and its shell panel; null outside one. */
export const ShellOfferContext = createContext<OfferScope | null>(null);

/** Lets a report's failing checks open the one shell panel of that report. */
export function ShellOfferScope({ children }: { children: ReactNode }) {
  const [requests, setRequests] = useState(0);
  const request = useCallback(() => setRequests((n) => n + 1), []);
  const value = useMemo(() => ({ requests, request }), [requests, request]);
  return <ShellOfferContext value={value}>{children}</ShellOfferContext>;
}

/** "Open a shell in this image" beside a failing run check's fix: opens (and scrolls to) the report's panel. */
export function OpenShellFromCheck() {
  const scope = use(ShellOfferContext);
  if (!scope) return null;
  return (
    <button
      type="button"
      data-testid="open-shell-from-check"
      onClick={scope.request}
      className={
        "mt-2 rounded border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 " +
        "dark:border-slate-700 dark:hover:bg-slate-800"
      }
    >
      Open a shell in this image
    </button>
  );
}
