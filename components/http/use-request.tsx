"use client";

import { useRef, useState } from "react";
import { Alert } from "./alert";
import { useFocusResult } from "./focus-result";
import { type JsonAnswer, sendJson } from "./send-json";

/**
 * A form's or button's request (sendJson) with its refusal: while it runs `busy`; refused, the server's message is
 * said where `refusal` places it and takes the focus (the control pressed may be disabled while it sends, which
 * drops the focus). `send` answers the success, or null when refused; `refuse` says a refusal of the page's own.
 */
export function useRequest() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const alert = useRef<HTMLElement>(null);
  const focusResult = useFocusResult();

  function refuse(message: string) {
    setError(message);
    focusResult(alert);
  }

  async function send<T>(method: string, url: string, body?: unknown): Promise<(JsonAnswer<T> & { ok: true }) | null> {
    setBusy(true);
    setError("");
    const answer = await sendJson<T>(method, url, body);
    setBusy(false);
    if (answer.ok) return answer;
    refuse(answer.message);
    return null;
  }

  /** The refusal, where the form says it; `inline` beside a button. */
  const refusal = (className: string, inline?: boolean) => (
    <Alert className={className} inline={inline} message={error} focusRef={alert} />
  );

  return { busy, send, refuse, refusal, focusResult };
}
