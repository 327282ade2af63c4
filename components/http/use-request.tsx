"use client";

import { useRef, useState } from "react";
import { Alert } from "./alert";
import { useFocusResult } from "./focus-result";
import { type JsonAnswer, sendJson } from "./send-json";

/**
 * A request (sendJson) with its state: `busy` while it runs, and the server's refusal as `error`, cleared as it
 * starts. `send` answers the success, or null when refused; `setError` says a refusal of the page's own.
 */
export function useSend() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function send<T>(
    method: string,
    url: string,
    body?: unknown,
    refused?: string,
    unreachable?: string,
  ): Promise<(JsonAnswer<T> & { ok: true }) | null> {
    setBusy(true);
    setError("");
    const answer = await sendJson<T>(method, url, body, refused, unreachable);
    setBusy(false);
    if (answer.ok) return answer;
    setError(answer.message);
    return null;
  }

  return { busy, error, setError, send };
}

/**
 * useSend for a form or button whose refusal is said where `refusal` places it and takes the focus (the control
 * pressed may be disabled while it sends, which drops the focus); `refuse` says a refusal of the page's own.
 */
export function useRequest() {
  const { busy, error, setError, send: sendQuietly } = useSend();
  const alert = useRef<HTMLElement>(null);
  const focusResult = useFocusResult();

  function refuse(message: string) {
    setError(message);
    focusResult(alert);
  }

  async function send<T>(method: string, url: string, body?: unknown) {
    const answer = await sendQuietly<T>(method, url, body);
    if (!answer) focusResult(alert);
    return answer;
  }

  /** The refusal, where the form says it; `inline` beside a button. */
  const refusal = (className: string, inline?: boolean) => (
    <Alert className={className} inline={inline} message={error} focusRef={alert} />
  );

  return { busy, send, refuse, refusal, focusResult };
}
