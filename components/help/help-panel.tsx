"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useState } from "react";
import { AttemptTime } from "@/components/history/attempt-time";
import { Alert } from "@/components/http/alert";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { FIELD, PRIMARY_BUTTON } from "@/components/http/form-styles";
import { Options } from "@/components/http/text-fields";
import { useSend } from "@/components/http/use-request";
import { useShownTabs } from "@/components/sessions/shown-tabs";
import { HELP_LIMITS } from "@/lib/help/help-limits";
import type { HelpItemKind, HelpRequestView, LearnerHelp } from "@/lib/help/help-protocol";
import { HelpSnapshotView } from "./help-snapshot";
import { HelpThread } from "./help-thread";

/** How often the panel reads the threads again while a request is open: staff answers show without a reload. */
const POLL_MS = 5_000;

/** The lab's or exercise's page the panel is on. */
export type HelpPlace = { kind: HelpItemKind; slug: string; className?: string };

/** How the learner and staff name a tab: as the terminal's tab bar does. */
const tabName = (n: number) => `Terminal ${n + 1}`;

/**
 * "Ask for help" on a lab's or an exercise's page, then the learner's requests about it with their threads and, for
 * a lab, their consent to staff watching one terminal tab, which they can move to another tab or withdraw.
 */
export function HelpPanel({ kind, slug, initial, className = "mt-8" }: HelpPlace & { initial: LearnerHelp }) {
  const [help, setHelp] = useState(initial);
  const [asking, setAsking] = useState(false);
  const url = `/api/help?kind=${kind}&slug=${encodeURIComponent(slug)}`;
  const reload = useCallback(() => fetchForEffect<LearnerHelp>(url, { cache: "no-store" }, setHelp), [url]);
  const waiting = help.requests.some((r) => r.status === "open");

  useEffect(() => {
    if (!waiting) return;
    let cancel = () => {};
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") cancel = reload();
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      cancel();
    };
  }, [waiting, reload]);

  const full = help.openCount >= HELP_LIMITS.openPerLearner;
  return (
    <section aria-labelledby="help-title" className={className} data-testid="help-panel">
      <h2 id="help-title" className="text-xl font-semibold">
        Help from your class staff
      </h2>
      {!help.canAsk ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="help-no-class">
          Asking for help reaches the staff of your class: <Link href="/classes">join your class</Link> first.
        </p>
      ) : asking ? (
        <AskForm
          kind={kind}
          slug={slug}
          onDone={(sent) => {
            setAsking(false);
            if (sent) reload();
          }}
        />
      ) : (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <button
            type="button"
            className={PRIMARY_BUTTON}
            onClick={() => setAsking(true)}
            disabled={full}
            data-testid="ask-for-help"
          >
            Ask for help
          </button>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            {full
              ? `You have ${HELP_LIMITS.openPerLearner} open requests: mark one solved to ask again.`
              : kind === "lab"
                ? "Your question goes to your class staff with your tasks, your terminal's recent output and what " +
                  "your lab's Docker holds."
                : "Your question goes to your class staff with your latest attempt and its failed checks."}
          </span>
        </div>
      )}
      {help.requests.length > 0 && (
        <ol className="mt-4 space-y-4">
          {help.requests.map((request) => (
            <li key={request.id}>
              <RequestCard request={request} onChanged={reload} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function AskForm({ kind, slug, onDone }: { kind: HelpItemKind; slug: string; onDone: (sent: boolean) => void }) {
  const id = useId();
  const [question, setQuestion] = useState("");
  const [consent, setConsent] = useState(false);
  const { busy, error, setError, send: post } = useSend();
  const tab = useShownTabs().selected;

  async function send(event: React.FormEvent) {
    event.preventDefault();
    if (!question.trim()) return setError("Write your question first.");
    const sent = await post(
      "POST",
      "/api/help",
      kind === "lab" ? { kind, slug, question, watchConsent: consent, watchTab: tab } : { kind, slug, question },
      "Your question could not be sent",
    );
    if (sent) onDone(true);
  }

  return (
    <form onSubmit={send} className="mt-3 space-y-3" data-testid="help-form">
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          Your question
        </label>
        <textarea
          id={id}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          maxLength={HELP_LIMITS.questionChars}
          rows={4}
          className={`mt-1 block w-full ${FIELD}`}
          data-testid="help-question-input"
        />
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Say what you tried and what you expected.</p>
      </div>
      {kind === "lab" && (
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            checked={consent}
            onChange={(e) => setConsent(e.target.checked)}
            className="mt-1"
            data-testid="watch-consent"
          />
          <span>
            Let my class staff watch {tabName(tab)} of this lab live, read-only, while this request is open (my other
            terminal tabs stay private)
          </span>
        </label>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} className={PRIMARY_BUTTON} data-testid="send-help">
          {busy ? "Sending…" : "Send"}
        </button>
        <button type="button" onClick={() => onDone(false)} className="text-sm underline">
          Cancel
        </button>
      </div>
      <Alert className="text-sm" message={error} testId="help-error" />
    </form>
  );
}

function RequestCard({ request, onChanged }: { request: HelpRequestView; onChanged: () => void }) {
  const { busy, error, send } = useSend();
  const open = request.status === "open";
  const tabs = useShownTabs();
  const shareId = useId();
  // The tabs the lab shows, and the one shared even when this page shows it no more (closed, or not yet restored).
  const choices = [...new Set([...tabs.open, request.watchTab])].sort((a, b) => a - b);

  async function share(watchConsent: boolean, watchTab?: number) {
    if (await send("PUT", `/api/help/${request.id}/consent`, { watchConsent, watchTab })) onChanged();
  }

  return (
    <article
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      data-testid="help-thread"
      data-status={request.status}
    >
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600 dark:text-slate-400">
        <span className="font-semibold">{open ? "Open" : "Solved"}</span>
        <span>
          asked <AttemptTime date={new Date(request.createdAt)} />
        </span>
      </p>
      <p className="mt-1 whitespace-pre-wrap wrap-anywhere" data-testid="help-question">
        {request.question}
      </p>
      {request.kind === "lab" && open && (
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
          {request.watchConsent ? (
            <>
              <span className="font-medium text-amber-800 dark:text-amber-300" data-testid="watch-consent-note">
                Staff may watch {tabName(request.watchTab)} of your lab (read-only) while this request is open; your
                other tabs stay private.
              </span>
              <label htmlFor={shareId}>Tab you share</label>
              <select
                id={shareId}
                value={request.watchTab}
                disabled={busy}
                onChange={(e) => share(true, Number(e.target.value))}
                className={FIELD}
                data-testid="shared-tab"
              >
                <Options options={choices.map((n) => ({ value: n, label: tabName(n) }))} />
              </select>
              <button
                type="button"
                disabled={busy}
                onClick={() => share(false)}
                className={PRIMARY_BUTTON}
                data-testid="stop-sharing"
              >
                Stop sharing
              </button>
            </>
          ) : (
            <button
              type="button"
              disabled={busy}
              onClick={() => share(true, tabs.selected)}
              className="underline disabled:opacity-60"
              data-testid="start-sharing"
            >
              Let staff watch {tabName(tabs.selected)} of my lab (read-only)
            </button>
          )}
          <Alert inline className="text-sm" message={error} />
        </div>
      )}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">What was sent with it</summary>
        <HelpSnapshotView snapshot={request.snapshot} />
      </details>
      <HelpThread request={request} reader="learner" onChanged={onChanged} />
    </article>
  );
}
