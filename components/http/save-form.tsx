"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useRequest } from "./use-request";

/**
 * An admin's set-up form that saves in one request (an LMS, an institution): the server's refusal, or the line saying
 * what was saved, takes the focus and is read out; what was typed stays on a refusal. `save` answers whether it saved.
 */
export function useSaveForm() {
  const router = useRouter();
  const { busy, send, refusal, focusResult } = useRequest();
  const [said, setSaid] = useState("");
  const saved = useRef<HTMLParagraphElement>(null);

  async function save(method: "POST" | "PUT", url: string, body: unknown, done: string): Promise<boolean> {
    setSaid("");
    if (!(await send(method, url, body))) return false;
    setSaid(done);
    focusResult(saved);
    router.refresh();
    return true;
  }

  /** The refusal and the saved line, at the form's end. */
  function result(testId: string) {
    return (
      <>
        {refusal("text-sm")}
        <p ref={saved} tabIndex={-1} role="status" className="text-sm" data-testid={testId}>
          {said}
        </p>
      </>
    );
  }

  return { busy, save, result };
}
