"use client";

import { useRouter } from "next/navigation";
import { QUIET_BUTTON } from "@/components/http/form-styles";
import { sendForProblem } from "@/components/http/send-json";
import { InlineConfirm } from "./inline-confirm";
import type { KeptLabFacts } from "./kept-lab-words";

export interface KeptLabPanelProps {
  slug: string;
  kept: KeptLabFacts;
  /** Starts the lab on a new Docker host; the host forgets the kept one. */
  onStartOver: () => void;
  /** The kept work was deleted (the page refreshes too). */
  onForgotten?: () => void;
}

/** The learner's kept work of this lab: Start resumes it; "Start over" and "Delete kept work" ask first. */
export function KeptLabPanel({ slug, kept, onStartOver, onForgotten }: KeptLabPanelProps) {
  const router = useRouter();

  async function forget(): Promise<string | null> {
    const problem = await sendForProblem("DELETE", `/api/me/kept-labs/${encodeURIComponent(slug)}`);
    if (problem) return problem;
    onForgotten?.();
    router.refresh();
    return null;
  }

  return (
    <section
      aria-labelledby="kept-lab-title"
      data-testid="kept-lab"
      className="space-y-3 rounded-lg border border-sky-300 bg-sky-50 p-4 text-sm dark:border-sky-800 dark:bg-slate-900"
    >
      <h3 id="kept-lab-title" className="text-base font-semibold">
        Your work in this lab is kept
      </h3>
      <p data-testid="kept-lab-facts">
        {kept.size}, closed <time dateTime={kept.keptAt}>{kept.closed}</time>, kept until{" "}
        <time dateTime={kept.expiresAt}>{kept.until}</time>.
      </p>
      <p>
        <strong className="font-semibold">Start lab</strong> resumes it as it was: your files, images, volumes and what
        you pushed to the lab&apos;s registry. Its containers are stopped, as after a restart of the Docker host:{" "}
        <code>docker ps -a</code> lists them and <code>docker start</code> starts one again (the registry&apos;s too).
      </p>
      <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
        <InlineConfirm
          label="Start over"
          testId="start-over"
          question={
            "Start over on a new Docker host? The kept work of this lab is deleted as it starts, and cannot be " +
            "brought back. Tasks you finished stay finished."
          }
          confirmLabel="Yes, start over"
          onConfirm={async () => {
            onStartOver();
            return null;
          }}
          className={QUIET_BUTTON}
        />
        <InlineConfirm
          label="Delete kept work"
          testId="forget-kept-lab"
          question={
            `Delete the kept work of this lab (${kept.size})? It cannot be brought back; the next start is on a ` +
            "new Docker host. Tasks you finished stay finished."
          }
          confirmLabel="Yes, delete it"
          busyLabel="Deleting…"
          onConfirm={forget}
          className={QUIET_BUTTON}
        />
      </div>
    </section>
  );
}
