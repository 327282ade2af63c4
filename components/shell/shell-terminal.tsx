"use client";

import { useMemo } from "react";
import type { ShellStatus } from "@/lib/shell/shell-lifecycle";
import { SHELL_LIMITS } from "@/lib/shell/shell-limits";
import type { ShellEvent } from "@/lib/shell/shell-protocol";
import { readShellError } from "./session-errors";
import { SessionTerminal, type TerminalHandle } from "./session-terminal";
import { parseShellMessage } from "./shell-messages";
import { requestJson, type TerminalEndpoint } from "./terminal-endpoint";

/** What the panel beside the terminal may do with it: type a suggested command (without Enter). */
export type ShellHandle = TerminalHandle;

const STATUS_TEXT: Record<ShellStatus, string> = {
  requested: "Starting: waiting for the grading machine that holds the image…",
  starting: "Starting a container from the image…",
  open: "Open: a shell in the image, as the image's own user.",
  closed: "Closed.",
};

/** The shells' API for one submission's image; a shell closes with its page (it lives 5 minutes idle at most). */
function shellEndpoint(submissionId: string): TerminalEndpoint {
  return {
    noun: "shell",
    label: "Terminal: a shell in the image",
    limits: SHELL_LIMITS,
    open: (size) => requestJson("/api/shells", { submissionId, ...size }),
    eventsUrl: (id) => `/api/shells/${id}/events`,
    eventTypes: ["output", "status", "message"],
    parse: (type, raw) => {
      const event: ShellEvent | null = parseShellMessage(type, raw);
      if (!event) return null;
      return event.type === "output"
        ? { kind: "output", text: event.data.text }
        : { kind: "status", status: event.data.status, message: event.data.message };
    },
    inputUrl: (id) => `/api/shells/${id}/input`,
    close: (id) => requestJson(`/api/shells/${id}`, undefined, "DELETE"),
    leaveUrl: (id) => `/api/shells/${id}/close`,
    readError: (status, body) => {
      const { message, otherShellId } = readShellError(status, body);
      return { message, otherId: otherShellId };
    },
    idleMinutes: SHELL_LIMITS.idleSeconds / 60,
    text: {
      opening: "Asking for a shell…",
      status: (status, message) =>
        status === "closed"
          ? `Closed: ${message ?? "the shell has ended."}`
          : (STATUS_TEXT[status as ShellStatus] ?? status),
      restart: "Open a new shell",
      takeOver: "Close that shell and open this one",
    },
  };
}

/**
 * A terminal attached to a shell in the image of `submissionId`: opens it (or reattaches to the account's shell
 * on it), follows its events, sends keystrokes through an ordered queue and closes it with the page.
 */
export function ShellTerminal({
  submissionId,
  takeOver,
  onHandle,
  onRestart,
}: {
  submissionId: string;
  /** The account's other shell, already asked to close: keep asking while it is still being taken down. */
  takeOver?: string;
  onHandle?: (handle: ShellHandle | null) => void;
  /** Start over with a new terminal: after a close, or to take over from another shell (its id). */
  onRestart: (takeOver?: string) => void;
}) {
  const endpoint = useMemo(() => shellEndpoint(submissionId), [submissionId]);
  return <SessionTerminal endpoint={endpoint} takeOver={takeOver} onHandle={onHandle} onRestart={onRestart} />;
}
