"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { sendForProblem } from "@/components/http/send-json";
import { InlineConfirm } from "./inline-confirm";
import type { KeptLabFacts } from "./kept-lab-words";

const ITEM =
  "flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-t border-slate-200 pt-3 dark:border-slate-700";

export interface KeptLabItem extends KeptLabFacts {
  slug: string;
  title: string;
  /** A lab runs on it now: it cannot be deleted until that lab closes. */
  open: boolean;
}

/** /labs's kept labs, each deleted after asking; a status line says so and the heading takes the lost focus. */
export function KeptLabsList({ labs, usage }: { labs: KeptLabItem[]; usage: string }) {
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const [said, setSaid] = useState("");

  async function forget(lab: KeptLabItem): Promise<string | null> {
    const problem = await sendForProblem("DELETE", `/api/me/kept-labs/${encodeURIComponent(lab.slug)}`);
    if (problem) return problem;
    setSaid(`Deleted the kept work of "${lab.title}".`);
    heading.current?.focus();
    router.refresh();
    return null;
  }

  if (labs.length === 0 && !said) return null;
  return (
    <section
      aria-labelledby="kept-labs-title"
      data-testid="kept-labs"
      className="mt-8 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h2 id="kept-labs-title" ref={heading} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
        Your kept labs
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="kept-labs-usage">
        {usage}
      </p>
      <p role="status" className="mt-1 text-sm" data-testid="kept-labs-said">
        {said}
      </p>
      {labs.length > 0 && (
        <ul className="mt-3 space-y-3">
          {labs.map((lab) => (
            <li key={lab.slug} data-kept-lab={lab.slug} className={ITEM}>
              <div className="min-w-0">
                <Link className="font-medium underline" href={`/labs/${lab.slug}`}>
                  {lab.title}
                </Link>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {lab.size} · closed <time dateTime={lab.keptAt}>{lab.closed}</time> · kept until{" "}
                  <time dateTime={lab.expiresAt}>{lab.until}</time>
                  {lab.open && " · in use by your open lab"}
                </p>
              </div>
              {!lab.open && (
                <InlineConfirm
                  label="Delete"
                  testId={`forget-kept-lab-${lab.slug}`}
                  ariaLabel={`Delete the kept work of ${lab.title}`}
                  question={
                    `Delete the kept work of "${lab.title}" (${lab.size})? It cannot be brought back; the next ` +
                    "start of that lab is on a new Docker host. Tasks you finished stay finished."
                  }
                  confirmLabel="Yes, delete it"
                  busyLabel="Deleting…"
                  onConfirm={() => forget(lab)}
                  className="text-sm underline"
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
