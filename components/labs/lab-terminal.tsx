"use client";

import { useMemo } from "react";
import { requestJson } from "@/components/http/send-json";
import { SessionTerminal, type SessionTerminalProps } from "@/components/sessions/session-terminal";
import type { TerminalEndpoint } from "@/components/sessions/terminal-endpoint";
import { LAB_LIMITS } from "@/lib/labs/lab-limits";

/** The labs' API for one lab, which outlives its page; `fresh`: the host forgets the kept work instead of resuming. */
function labEndpoint(slug: string, { fresh = false }: { fresh?: boolean }): TerminalEndpoint {
  return {
    noun: "lab",
    label: "Terminal: your lab's Docker host",
    limits: LAB_LIMITS,
    tabs: LAB_LIMITS.tabs,
    open: (size) => requestJson("/api/sessions", { kind: "lab", slug, ...(fresh ? { fresh } : {}), ...size }),
    closesWithPage: false,
    text: {
      opening: fresh ? "Asking for a lab on a new Docker host…" : "Asking for a lab…",
      refused: "The lab could not be started",
      status: {
        queued: "Queued: waiting for a machine with room for your lab.",
        starting: "Starting your lab: its own Docker engine and a terminal…",
        open: "Open: a terminal on your own Docker host.",
      },
      restart: "Start again",
      // At once on Close; the closed status then says what was kept (lab-close-reasons.ts labFate).
      closing: "Keeping your work…",
      takeOver: "Close it and start this one",
    },
  };
}

/** A terminal on the learner's lab of `slug`: starts it (over, when `fresh`), or follows the one they already have. */
export function LabTerminal({
  slug,
  fresh,
  ...props
}: { slug: string; fresh?: boolean } & Omit<SessionTerminalProps, "endpoint">) {
  const endpoint = useMemo(() => labEndpoint(slug, { fresh }), [slug, fresh]);
  return <SessionTerminal endpoint={endpoint} {...props} />;
}
