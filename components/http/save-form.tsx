"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "./alert";
import { useFocusResult } from "./focus-result";
import { sendForProblem } from "./send-json";

/**
 * An admin's set-up form that saves in one request (an LMS, an institution): the server's refusal, or the line saying
 * what was saved, takes the focus and is read out; what was typed stays on a refusal. `save` answers whether it saved.
 */
export function useSaveForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [said, setSaid] = useState("");
  const refusal = useRef<HTMLElement>(null);
  const saved = useRef<HTMLParagraphElement>(null);
  const focusResult = useFocusResult();

  async function save(method: "POST" | "PUT", url: string, body: unknown, done: string): Promise<boolean> {
    setBusy(true);
    setSaid("");
    const problem = await sendForProblem(method, url, body);
    setBusy(false);
    setError(problem ?? "");
    if (problem) {
      focusResult(refusal);
      return false;
    }
    setSaid(done);
    focusResult(saved);
    router.refresh();
    return true;
  }

  /** The refusal and the saved line, at the form's end. */
  function result(testId: string) {
    return (
      <>
        <Alert className="text-sm" message={error} focusRef={refusal} />
        <p ref={saved} tabIndex={-1} role="status" className="text-sm" data-testid={testId}>
          {said}
        </p>
      </>
    );
  }

  return { busy, save, result };
}
