"use client";

import { type FormEvent, useEffect, useId, useState } from "react";
import { Alert } from "@/components/http/alert";
import { requestJson } from "@/components/http/send-json";
import { ScrollRegion } from "@/components/layout/scroll-region";
import { readSessionError } from "@/components/sessions/session-errors";
import type { SessionNews as LabNews } from "@/components/sessions/use-session";

export type PreviewAnswer = Extract<LabNews, { type: "preview" }>["data"];

/** How long an answer may take before the panel says none came: the lab host gives up on a request well before. */
const ANSWER_WAIT_MS = 20_000;

const field =
  "rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900";

/** Asks the lab for `GET 127.0.0.1:<port><path>` from inside it; the answer is printed, never rendered. */
export function LabPreview({
  labId,
  open,
  answers,
}: {
  /** The lab to ask; null before one is started. */
  labId: string | null;
  /** Only an open lab has a network to ask. */
  open: boolean;
  /** Preview answers heard on the lab's stream, by request id. */
  answers: Readonly<Record<string, PreviewAnswer>>;
}) {
  const ids = useId();
  const [port, setPort] = useState("8080");
  const [path, setPath] = useState("/");
  const [sending, setSending] = useState(false);
  const [asked, setAsked] = useState<{ requestId: string; port: number; path: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [waitedOut, setWaitedOut] = useState(false);
  const answer = asked ? answers[asked.requestId] : undefined;

  useEffect(() => {
    if (!asked || answer) return;
    const timer = setTimeout(() => setWaitedOut(true), ANSWER_WAIT_MS);
    return () => clearTimeout(timer);
  }, [asked, answer]);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!labId) return;
    const number = Number(port);
    if (!Number.isInteger(number) || number < 1 || number > 65_535)
      return setProblem("The port is a whole number from 1 to 65535, such as 8080.");
    if (!/^\/\S*$/.test(path)) return setProblem("The path starts with / and has no spaces, such as /health.");
    setProblem(null);
    setWaitedOut(false);
    setSending(true);
    const reply = await requestJson(`/api/sessions/${labId}/preview`, { port: number, path }).catch(() => null);
    setSending(false);
    if (!reply) return setProblem("Could not reach the server. Check your connection and try again.");
    if (reply.status >= 400) {
      return setProblem(readSessionError(reply.status, reply.body, "The preview could not be sent").message);
    }
    setAsked({ requestId: (reply.body as { requestId: string }).requestId, port: number, path });
  }

  return (
    <section
      aria-labelledby={`${ids}-title`}
      data-testid="lab-preview"
      className="min-w-0 space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h3 id={`${ids}-title`} className="font-semibold">
        Ask a port in your lab
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Sends <code className="font-mono">GET 127.0.0.1:&lt;port&gt;&lt;path&gt;</code> inside your lab, as{" "}
        <code className="font-mono">curl</code> in its terminal would, and shows the answer as plain text.
      </p>
      <form onSubmit={(e) => void send(e)} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          Port
          <input
            name="port"
            inputMode="numeric"
            value={port}
            onChange={(e) => setPort(e.target.value)}
            className={`${field} w-24`}
            data-testid="lab-preview-port"
          />
        </label>
        <label className="flex min-w-0 flex-1 flex-col text-sm">
          Path
          <input
            name="path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            className={`${field} w-full min-w-0`}
            data-testid="lab-preview-path"
          />
        </label>
        <button
          type="submit"
          disabled={!open || sending}
          data-testid="lab-preview-send"
          className={
            "rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 " +
            "disabled:opacity-60"
          }
        >
          {sending ? "Sending…" : "Send"}
        </button>
      </form>
      {!open && <p className="text-xs text-slate-600 dark:text-slate-400">Start your lab to ask its ports.</p>}
      <Alert className="text-sm" message={problem} />
      <div aria-live="polite">
        {asked && !answer && (
          <p className="text-sm" data-testid="lab-preview-waiting">
            {waitedOut
              ? "No answer came back from your lab. Check that it is still open, then send again."
              : `Asking port ${asked.port}…`}
          </p>
        )}
        {asked && answer && (
          <ScrollRegion
            as="pre"
            label="Answer from the lab"
            data-testid="lab-preview-answer"
            data-status={answer.status ?? "none"}
            className={
              "max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-3 font-mono text-xs " +
              "text-slate-800 dark:bg-slate-900 dark:text-slate-200"
            }
          >
            {previewText(answer)}
          </ScrollRegion>
        )}
      </div>
    </section>
  );
}

/** The answer as one text: a status line, then the body; or what went wrong when nothing answered. */
export function previewText(answer: PreviewAnswer): string {
  const where = `127.0.0.1:${answer.port}${answer.path}`;
  if (answer.status === null) return `Nothing answered at ${where}: ${answer.error ?? "no answer"}.`;
  const lines = [`HTTP ${answer.status} from ${where}`];
  if (answer.error) lines.push(answer.error);
  lines.push("", answer.body === "" ? "(an empty body)" : answer.body);
  return lines.join("\n");
}
