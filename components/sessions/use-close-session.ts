import { useEffect, useRef, useState } from "react";
import { focusWasLost } from "@/components/http/focus-result";
import { readSessionError } from "./session-errors";
import { requestJson, type TerminalEndpoint } from "./terminal-endpoint";

/**
 * The learner's Close of the session, and closing the account's other session to open this one instead. Returns the
 * ref of the status line, which takes the focus when the session has closed.
 */
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
    try {
      const answer = await requestJson(`/api/sessions/${id}`, undefined, "DELETE");
      if (answer.status >= 400) {
        setCloseAsked(undefined);
        setNotice(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
      }
    } catch {
      setCloseAsked(undefined);
      setNotice(
        `Could not reach the server to close the ${endpoint.noun}. ` +
          `It closes by itself after ${endpoint.idleMinutes} minutes idle.`,
      );
    } finally {
      setClosing(false);
    }
  }

  async function takeOverFrom(otherId: string) {
    try {
      const answer = await requestJson(`/api/sessions/${otherId}`, undefined, "DELETE");
      if (answer.status >= 400 && answer.status !== 404) {
        setNotice(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
        return;
      }
    } catch {
      setNotice("Could not reach the server. Check your connection and try again.");
      return;
    }
    onRestart(otherId);
  }

  // The Close button goes away with the session it closes; a keyboard user's focus would fall to <body>. The status
  // line saying why the session ended takes it instead (focus-result.tsx).
  const statusLineRef = useRef<HTMLParagraphElement>(null);
  const ended = status === "closed";
  useEffect(() => {
    if (ended && focusWasLost()) statusLineRef.current?.focus();
  }, [ended]);

  return { closing, closeAsked, close, takeOverFrom, statusLineRef };
}
