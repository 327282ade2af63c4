"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { AttemptTime } from "@/components/history/attempt-time";
import { Alert } from "@/components/http/alert";
import { FIELD, OUTLINE_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";
import { HELP_LIMITS } from "@/lib/help/help-limits";
import type { HelpRequestView } from "@/lib/help/help-protocol";

const button = OUTLINE_BUTTON.replace("py-1.5", "py-1");

type ThreadProps = { request: HelpRequestView; reader: "learner" | "staff"; onChanged?: () => void };

/**
 * A request's thread, oldest first, then (while open) a reply box and the button that resolves it. `onChanged` reads
 * the thread again; without it the page is rendered again (the staff's page).
 */
export function HelpThread({ request, reader, onChanged }: ThreadProps) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const { busy, error, setError, send } = useSend();
  const changed = () => (onChanged ? onChanged() : router.refresh());
  const open = request.status === "open";

  async function act(url: string, payload?: unknown) {
    const done = await send("POST", url, payload);
    if (done) changed();
    return done;
  }

  async function reply(event: React.FormEvent) {
    event.preventDefault();
    if (!body.trim()) return setError("Write a message first.");
    if (await act(`/api/help/${request.id}/messages`, { body })) setBody("");
  }

  return (
    <div className="mt-3 space-y-3">
      {request.messages.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="help-no-messages">
          {reader === "learner" ? "No answer yet. Staff see your question and answer here." : "No answer yet."}
        </p>
      ) : (
        <ol className="space-y-2">
          {request.messages.map((message) => (
            <li
              key={message.id}
              className={
                "rounded border px-3 py-2 text-sm " +
                (message.author?.staff
                  ? "border-sky-200 bg-sky-50 dark:border-sky-900 dark:bg-sky-950/40"
                  : "border-slate-200 dark:border-slate-700")
              }
              data-testid="help-message"
              data-staff={message.author?.staff ?? false}
            >
              <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600 dark:text-slate-400">
                <span
                  className="max-w-full truncate font-semibold text-slate-800 dark:text-slate-200"
                  title={message.author?.name}
                  data-testid="help-message-author"
                >
                  {message.author ? message.author.name : "A deleted account"}
                </span>
                {message.author?.staff && <span>staff</span>}
                <AttemptTime date={new Date(message.createdAt)} />
              </p>
              <p className="mt-1 whitespace-pre-wrap wrap-anywhere" data-testid="help-message-body">
                {message.body}
              </p>
            </li>
          ))}
        </ol>
      )}
      {open ? (
        <form onSubmit={reply} className="space-y-2">
          <label htmlFor={id} className="block text-sm font-medium">
            {reader === "learner" ? "Add to your question" : "Answer the learner"}
          </label>
          <textarea
            id={id}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={HELP_LIMITS.replyChars}
            rows={3}
            className={`block w-full ${FIELD}`}
            data-testid="help-reply"
          />
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" disabled={busy} className={button} data-testid="help-reply-send">
              {busy ? "Sending…" : "Send"}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => act(`/api/help/${request.id}/resolve`)}
              className="text-sm underline disabled:opacity-60"
              data-testid="help-resolve"
            >
              {reader === "learner" ? "Mark solved" : "Resolved"}
            </button>
          </div>
        </form>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="help-resolved">
          {reader === "learner" ? "Marked solved." : "Resolved."}
        </p>
      )}
      <Alert className="text-sm" message={error} testId="help-error" />
    </div>
  );
}
