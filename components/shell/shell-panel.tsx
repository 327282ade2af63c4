"use client";

import dynamic from "next/dynamic";
import { use, useCallback, useEffect, useRef, useState } from "react";
import type { TerminalHandle } from "@/components/sessions/use-session";
import { SHELL_LIMITS } from "@/lib/shell/shell-limits";
import { DEFAULT_TRY_THESE, shellLimitsNote } from "./shell-guide";
import { type ShellOffer, ShellOfferContext } from "./shell-offer";

// xterm needs a DOM and is large: it loads in the browser, and only once someone opens a shell.
const ShellTerminal = dynamic(() => import("./shell-terminal").then((m) => m.ShellTerminal), {
  ssr: false,
  loading: () => <p className="text-sm">Loading the terminal…</p>,
});

const button = "rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700";

/** A shell in a graded submission's image: a button, then the terminal, what to try and its limits; or why not. */
export function ShellPanel({ offer }: { offer: ShellOffer }) {
  const scope = use(ShellOfferContext);
  const panel = useRef<HTMLElement>(null);
  const [attempt, setAttempt] = useState<{ n: number; takeOver?: string } | null>(offer.reattach ? { n: 0 } : null);
  const handle = useRef<TerminalHandle | null>(null);
  // A suggestion clicked before the terminal existed: typed as soon as it does.
  const waiting = useRef<string | null>(null);
  const onHandle = useCallback((h: TerminalHandle | null) => {
    handle.current = h;
    if (h && waiting.current) {
      h.type(waiting.current);
      waiting.current = null;
    }
  }, []);
  const open = useCallback(() => setAttempt((a) => a ?? { n: 0 }), []);

  const requests = scope?.requests ?? 0;
  useEffect(() => {
    if (requests === 0) return;
    open();
    panel.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [requests, open]);

  const tryThese = offer.tryThese?.length ? offer.tryThese : DEFAULT_TRY_THESE;
  const keepMinutes = SHELL_LIMITS.imageKeepSeconds / 60;

  const available = !offer.kept || offer.kept.available;
  return (
    <section
      ref={panel}
      aria-labelledby="shell-panel-title"
      data-testid="shell-panel"
      data-available={String(available)}
      className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h3 id="shell-panel-title" className="text-lg font-semibold">
        A shell in this image
      </h3>
      {!available ? (
        <p className="mt-1 text-sm" data-testid="shell-unavailable">
          {offer.kept?.reason ??
            `This submission's image is no longer kept, so there is no shell to open in it. Submit again to build a ` +
              `fresh image: it is kept for ${keepMinutes} minutes after grading, and its report offers a shell.`}
        </p>
      ) : (
        <>
          <p className="text-sm">
            Look inside the image the grader built, as the grader ran it: same user, same files, same environment, with
            your CMD and ENTRYPOINT left out so nothing starts by itself.
          </p>
          {attempt === null && (
            <button type="button" data-testid="open-shell" onClick={open} className={button}>
              Open a shell in this image
            </button>
          )}
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
            {attempt !== null && (
              <ShellTerminal
                key={attempt.n}
                submissionId={offer.submissionId}
                takeOver={attempt.takeOver}
                onHandle={onHandle}
                onRestart={(takeOver) => setAttempt((a) => ({ n: (a?.n ?? 0) + 1, takeOver }))}
              />
            )}
            <aside aria-labelledby="shell-try-title" className={attempt === null ? "lg:col-span-2" : ""}>
              <h4 id="shell-try-title" className="font-semibold">
                Things to try
              </h4>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                A click types the command for you; check it (fill in any &lt;placeholder&gt;), then press Enter.
              </p>
              <ul className="mt-2 space-y-2" data-testid="shell-try-these">
                {tryThese.map((item) => (
                  <li key={item.command}>
                    <button
                      type="button"
                      data-command={item.command}
                      onClick={() => {
                        if (handle.current) handle.current.type(item.command);
                        else {
                          waiting.current = item.command;
                          open();
                        }
                      }}
                      className={
                        "rounded bg-slate-100 px-2 py-0.5 text-left font-mono text-sm hover:bg-slate-200 " +
                        "dark:bg-slate-800 dark:hover:bg-slate-700"
                      }
                    >
                      {item.command}
                    </button>
                    <p className="text-xs text-slate-600 dark:text-slate-400">{item.why}</p>
                  </li>
                ))}
              </ul>
            </aside>
          </div>
          <ul
            className="list-disc space-y-0.5 pl-5 text-xs text-slate-600 dark:text-slate-400"
            data-testid="shell-limits"
          >
            {shellLimitsNote(offer.readOnlyRootfs).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
