"use client";

import { useMemo } from "react";
import { readSessionError } from "@/components/shell/session-errors";
import { SessionTerminal, type SessionTerminalProps } from "@/components/shell/session-terminal";
import { parseSessionMessage } from "@/components/shell/shell-messages";
import { requestJson, type TerminalEndpoint } from "@/components/shell/terminal-endpoint";
import type { LabStatus } from "@/lib/labs/lab-lifecycle";
import { LAB_LIMITS } from "@/lib/labs/lab-limits";
import { type LabEvent, labEventSchema } from "@/lib/labs/lab-protocol";

/** What the lab's page hears from its stream besides the terminal's output and status: tasks and previews. */
export type LabNews = Extract<LabEvent, { type: "task" | "preview" }>;

const STATUS_TEXT: Record<LabStatus, string> = {
  queued: "Queued: waiting for a machine with room for your lab.",
  starting: "Starting your lab: its own Docker engine and a terminal…",
  open: "Open: a terminal on your own Docker host.",
  closed: "Closed.",
};

/**
 * The labs' API for one lab. A lab outlives its page: a reload, or a lesson opened from a task, finds it again; it
 * closes on its Close button or by its time limits.
 */
function labEndpoint(slug: string): TerminalEndpoint<LabNews> {
  return {
    noun: "lab",
    label: "Terminal: your lab's Docker host",
    limits: LAB_LIMITS,
    open: (size) => requestJson("/api/labs", { slug, ...size }),
    eventsUrl: (id) => `/api/labs/${id}/events`,
    eventTypes: ["output", "status", "task", "preview", "message"],
    parse: (type, raw) => {
      const event = parseSessionMessage(labEventSchema, type, raw);
      if (!event) return null;
      if (event.type === "output") return { kind: "output", text: event.data.text };
      if (event.type === "status") return { kind: "status", status: event.data.status, message: event.data.message };
      return { kind: "other", event };
    },
    inputUrl: (id) => `/api/labs/${id}/input`,
    close: (id) => requestJson(`/api/labs/${id}/close`),
    readError: (status, body) =>
      readSessionError(status, body, "The lab could not be started", ["sessionId", "labId", "id"]),
    idleMinutes: LAB_LIMITS.idleSeconds / 60,
    text: {
      opening: "Asking for a lab…",
      status: (status, message) =>
        status === "closed"
          ? `Closed: ${message ?? "the lab has ended."}`
          : (STATUS_TEXT[status as LabStatus] ?? status),
      restart: "Start again",
      takeOver: "Close it and start this one",
    },
  };
}

/** A terminal on the learner's lab of `slug`: starts it, or follows the one they already have. */
export function LabTerminal({ slug, ...props }: { slug: string } & Omit<SessionTerminalProps<LabNews>, "endpoint">) {
  const endpoint = useMemo(() => labEndpoint(slug), [slug]);
  return <SessionTerminal endpoint={endpoint} {...props} />;
}
