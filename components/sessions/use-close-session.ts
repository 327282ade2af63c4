import { useState } from "react";
import { useFocusWhen } from "@/components/http/focus-result";
import { requestJson } from "@/components/http/send-json";
import { readSessionError } from "./session-errors";
import type { TerminalEndpoint } from "./terminal-endpoint";

/** The learner's Close, and closing the account's other session to open this one; the status line's ref for focus. */
export function useCloseSession(
  endpoint: TerminalEndpoint,
  { status, setNotice }: { status: string | undefined; setNotice: (notice: string) => void },
  onRestart: (takeOver?: string) => void,
) {
  const [closing, setClosing] = useState(false);
  // Pressed Close and the session has not closed yet: a lab says it keeps the work meanwhile (text.closing).
  const [closeAsked, setCloseAsked] = useState<string | undefined>();

  async function close(id: string) {
    setClosing(true);
    setCloseAsked(id);
    const answer = await requestJson(`/api/sessions/${id}`, undefined, "DELETE").catch(() => null);
    setClosing(false);
    if (answer && answer.status < 400) return;
    setCloseAsked(undefined);
    setNotice(
      answer
        ? readSessionError(answer.status, answer.body, endpoint.text.refused).message
        : `Could not reach the server to close the ${endpoint.noun}. ` +
            `It closes by itself after ${endpoint.limits.idleSeconds / 60} minutes idle.`,
    );
  }

  async function takeOverFrom(otherId: string) {
    const answer = await requestJson(`/api/sessions/${otherId}`, undefined, "DELETE").catch(() => null);
    if (!answer) return setNotice("Could not reach the server. Check your connection and try again.");
    if (answer.status >= 400 && answer.status !== 404) {
      return setNotice(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
    }
    onRestart(otherId);
  }

  // The Close button goes away with the session: the status line saying why it ended takes the focus instead.
  const statusLineRef = useFocusWhen<HTMLParagraphElement>(status === "closed", true);

  return { closing, closeAsked, close, takeOverFrom, statusLineRef };
}
