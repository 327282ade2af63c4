import { type Dispatch, useEffect, useRef, useState } from "react";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { usePreferences } from "@/components/layout/preferences";
import type { SessionEvent } from "@/lib/sessions/session-protocol";
import { elapsed, queueNote } from "./queue-note";
import { readSessionError } from "./session-errors";
import { parseSessionMessage } from "./shell-messages";
import type { TerminalEndpoint } from "./terminal-endpoint";
import { type LiveSession, type Screens, sessionScreens } from "./terminal-screens";
import type { TabsAction } from "./terminal-tabs";

/** How often a queued session asks where it stands in the queue. */
const QUEUE_POLL_MS = 3000;
/** The SSE event names of a session's stream (lib/sessions/session-protocol.ts), and the default one. */
const EVENT_TYPES = ["output", "status", "task", "preview", "message"] as const;
/** After closing the account's other session, how often to ask again while the runner is still taking it down. */
const TAKE_OVER_TRIES = 10;

/** What the panel beside the terminal may do with it: type a suggested command (without Enter). */
export type TerminalHandle = { type: (text: string) => void };

/** The session the terminal follows, as its page may want to know it (a lab page's preview, its tasks). */
export type TerminalSession = { id: string; status: string };

/** What a session's stream tells its page besides output and status: a lab's tasks and previews. */
export type SessionNews = Extract<SessionEvent, { type: "task" | "preview" }>;

export interface SessionProps {
  /** Kept stable by the caller (a module constant or a memo): a new one starts the terminal over. */
  endpoint: TerminalEndpoint;
  /** The account's other session, already asked to close: keep asking while it is still being taken down. */
  takeOver?: string;
  onHandle?: (handle: TerminalHandle | null) => void;
  onSession?: (session: TerminalSession | null) => void;
  /** Events of the stream that are neither output nor a status (a lab's tasks and previews). */
  onEvent?: (event: SessionNews) => void;
}

type Phase =
  | { kind: "opening" }
  | { kind: "live"; id: string; status: string; message?: string }
  | { kind: "refused"; message: string; otherId?: string };

/**
 * The session behind a terminal, in one long-lived effect: opens it (or reattaches to the account's live one) into
 * `host`, follows its events into `screens`, closes it with the page when the endpoint says so. Also the learner's
 * screen-reader choice, and while the session waits to open, its place in the queue and for how long.
 */
export function useSession(
  { endpoint, takeOver, onHandle, onSession, onEvent }: SessionProps,
  dispatchTabs: Dispatch<TabsAction>,
) {
  const host = useRef<HTMLElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "opening" });
  const [notice, setNotice] = useState<string | null>(null);
  // Where a queued session stands, and the host's estimate of the wait.
  const [standing, setStanding] = useState<{ position?: number; waitSeconds?: number }>({});
  // Whether the session was ever open: its tabs show from then on, closed or not.
  const [opened, setOpened] = useState(false);
  const screens = useRef<Screens | null>(null);
  // The tab the learner is on (use-terminal-tabs.ts): typed into and focused from inside the effect.
  const selected = useRef(0);
  // Read from inside the long-lived effect: a page's new callbacks must not start the terminal over.
  const listeners = useRef({ onSession, onEvent });
  listeners.current = { onSession, onEvent };
  const { terminalScreenReader, setPreferences } = usePreferences();
  // Read when a tab's xterm is made; declared before the effect that makes them, so it is current then.
  const screenReader = useRef(terminalScreenReader);
  useEffect(() => {
    screenReader.current = terminalScreenReader;
    screens.current?.screenReader(terminalScreenReader);
  }, [terminalScreenReader]);
  const hintId = `${endpoint.noun}-keys-hint`;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const live: LiveSession = { disposed: false };
    let source: EventSource | undefined;
    const terminals = sessionScreens(element, {
      endpoint,
      live,
      hintId,
      screenReader: () => screenReader.current,
      setNotice,
      restore: (terminal) => dispatchTabs({ type: "restore", terminal }),
    });
    screens.current = terminals;
    onHandle?.({
      type: (text: string) => {
        const into = terminals.tab(selected.current);
        into.queue.type(text);
        into.term.focus();
      },
    });

    const show = (id: string, next: string, message?: string) => {
      live.status = next;
      setPhase({ kind: "live", id, status: next, message });
      if (next === "open") setOpened(true);
      listeners.current.onSession?.({ id, status: next });
    };

    const follow = (id: string) => {
      source = new EventSource(`/api/sessions/${id}/events`);
      const onMessage = (type: string) => (e: Event) => {
        const event = parseSessionMessage(type, (e as MessageEvent<string>).data);
        if (!event || live.disposed) return;
        if (event.type === "output") return terminals.output(event);
        if (event.type !== "status") return listeners.current.onEvent?.(event);
        show(id, event.data.status, event.data.message);
        if (live.status === "open") terminals.opened(selected.current);
        if (live.status === "closed") {
          source?.close();
          terminals.closed();
        }
      };
      for (const type of EVENT_TYPES) source.addEventListener(type, onMessage(type));
      source.addEventListener("end", () => source?.close());
      source.onerror = () => {
        // EventSource reconnects by itself (sending Last-Event-ID); it gives up only on a refused request.
        if (source?.readyState === EventSource.CLOSED && live.status !== "closed" && !live.disposed) {
          setNotice(`Lost the connection to the ${endpoint.noun}. Reload the page to reattach to it.`);
        }
      };
    };

    const open = async () => {
      for (let attempt = 0; ; attempt++) {
        const answer = await endpoint.open(terminals.first.size()).catch(() => null);
        if (live.disposed) return;
        if (!answer)
          return setPhase({ kind: "refused", message: "Could not reach the server. Check your connection." });
        if (answer.status < 400) {
          const body = answer.body as { id: string; status: string; position?: number };
          live.id = body.id;
          setStanding({ position: body.position });
          show(body.id, body.status);
          follow(body.id);
          return;
        }
        const error = readSessionError(answer.status, answer.body, endpoint.text.refused);
        // The session just closed may still count for a moment, until its runner has taken it down.
        if (takeOver && error.otherId === takeOver && attempt < TAKE_OVER_TRIES) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (live.disposed) return;
          continue;
        }
        setPhase({ kind: "refused", ...error });
        return;
      }
    };
    void open();

    // Leaving the page ends such a session at once instead of leaving it to idle out; a beacon survives the unload.
    const onPageHide = () => {
      if (live.id && live.status !== "closed" && endpoint.closesWithPage) {
        navigator.sendBeacon(`/api/sessions/${live.id}/close`);
      }
    };
    window.addEventListener("pagehide", onPageHide);

    return () => {
      live.disposed = true;
      screens.current = null;
      // Another session's tabs are its own: the page starts again from the first.
      dispatchTabs({ type: "reset" });
      onHandle?.(null);
      listeners.current.onSession?.(null);
      window.removeEventListener("pagehide", onPageHide);
      source?.close();
      terminals.dispose();
    };
  }, [endpoint, takeOver, onHandle, hintId, dispatchTabs]);

  const status = phase.kind === "live" ? phase.status : undefined;
  const liveId = phase.kind === "live" ? phase.id : undefined;
  // A queued session asks where it stands now and then: the sessions ahead of it start or give up.
  useEffect(() => {
    if (!liveId || status !== "queued") return;
    const timer = setInterval(() => fetchForEffect(`/api/sessions/${liveId}`, {}, setStanding), QUEUE_POLL_MS);
    return () => clearInterval(timer);
  }, [liveId, status]);
  // How long the learner has waited since this page saw the session queued or starting (a start can take minutes).
  const [waitedFrom, setWaitedFrom] = useState<{ id: string; at: number } | undefined>();
  const [clock, setClock] = useState(0);
  const waiting = status === "queued" || status === "starting";
  useEffect(() => {
    if (!liveId || !waiting) return;
    setWaitedFrom((w) => (w?.id === liveId ? w : { id: liveId, at: Date.now() }));
    setClock(Date.now());
    const timer = setInterval(() => setClock(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [liveId, waiting]);

  const queue = {
    place:
      status === "queued" && standing.position !== undefined
        ? ` ${queueNote(endpoint.noun, standing.position, standing.waitSeconds)}`
        : "",
    waited:
      waiting && waitedFrom !== undefined && waitedFrom.id === liveId
        ? ` (${elapsed((clock - waitedFrom.at) / 1000)} so far)`
        : "",
  };
  const access = { terminalScreenReader, setPreferences };
  return { host, phase, status, liveId, notice, setNotice, opened, screens, selected, hintId, access, queue };
}
