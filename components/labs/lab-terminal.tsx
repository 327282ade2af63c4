"use client";

import { useMemo } from "react";
import { SessionTerminal, type SessionTerminalProps } from "@/components/shell/session-terminal";
import { requestJson, type TerminalEndpoint } from "@/components/shell/terminal-endpoint";
import { LAB_LIMITS } from "@/lib/labs/lab-limits";

/**
 * The labs' API for one lab. A lab outlives its page: a reload, or a lesson opened from a task, finds it again; it
 * closes on its Close button or by its time limits.
 */
function labEndpoint(slug: string): TerminalEndpoint {
  return {
    noun: "lab",
    label: "Terminal: your lab's Docker host",
    limits: LAB_LIMITS,
    open: (size) => requestJson("/api/sessions", { kind: "lab", slug, ...size }),
    closesWithPage: false,
    idleMinutes: LAB_LIMITS.idleSeconds / 60,
    text: {
      opening: "Asking for a lab…",
      refused: "The lab could not be started",
      status: {
        queued: "Queued: waiting for a machine with room for your lab.",
        starting: "Starting your lab: its own Docker engine and a terminal…",
        open: "Open: a terminal on your own Docker host.",
      },
      restart: "Start again",
      takeOver: "Close it and start this one",
    },
  };
}

/** A terminal on the learner's lab of `slug`: starts it, or follows the one they already have. */
export function LabTerminal({ slug, ...props }: { slug: string } & Omit<SessionTerminalProps, "endpoint">) {
  const endpoint = useMemo(() => labEndpoint(slug), [slug]);
  return <SessionTerminal endpoint={endpoint} {...props} />;
}
