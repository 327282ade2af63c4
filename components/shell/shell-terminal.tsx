"use client";

import { useMemo } from "react";
import { requestJson } from "@/components/http/send-json";
import { SessionTerminal, type SessionTerminalProps } from "@/components/sessions/session-terminal";
import type { TerminalEndpoint } from "@/components/sessions/terminal-endpoint";
import { SHELL_LIMITS } from "@/lib/shell/shell-limits";

/** The shells' API for one submission's image; a shell closes with its page (it lives 5 minutes idle at most). */
function shellEndpoint(submissionId: string): TerminalEndpoint {
  return {
    noun: "shell",
    label: "Terminal: a shell in the image",
    limits: SHELL_LIMITS,
    open: (size) => requestJson("/api/sessions", { kind: "shell", submissionId, ...size }),
    closesWithPage: true,
    text: {
      opening: "Asking for a shell…",
      refused: "The shell could not be opened",
      status: {
        queued: "Starting: waiting for the grading machine that holds the image…",
        starting: "Starting a container from the image…",
        open: "Open: a shell in the image, as the image's own user.",
      },
      restart: "Open a new shell",
      takeOver: "Close that shell and open this one",
    },
  };
}

/** A terminal on a shell in the image of `submissionId` (or the account's live one on it), closed with the page. */
export function ShellTerminal({
  submissionId,
  ...props
}: { submissionId: string } & Pick<SessionTerminalProps, "takeOver" | "onHandle" | "onRestart">) {
  const endpoint = useMemo(() => shellEndpoint(submissionId), [submissionId]);
  return <SessionTerminal endpoint={endpoint} {...props} />;
}
