"use client";

import { useEffect, useLayoutEffect, useState } from "react";
import { flushSync } from "react-dom";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";

export type DraftStatus = { kind: "idle" | "saving" | "saved" } | { kind: "failed"; reason: string; retrying: boolean };

const SAVE_DELAY_MS = 800;
/** Retries after a failure the server or network may recover from wait twice as long each time, up to the max. */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;
/** Browsers refuse keepalive bodies above 64 KiB in total; a bigger draft is sent as a plain request. */
const KEEPALIVE_MAX_CHARS = 60_000;
const CHANGED_ELSEWHERE = "This draft was also changed in another tab or device; your latest typing was kept.";
const UNREACHABLE = "the server cannot be reached";

/** Keeps the learner's files saved as they type, one request at a time so an older save never lands after a newer. */
class DraftSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = false;
  private failures = 0;
  /** The files as the server holds them, serialised. */
  private saved: string;

  constructor(
    private readonly url: string,
    private files: SubmittedFile[],
    private revision: number,
    private readonly report: (status: DraftStatus) => void,
    private readonly notify: (notice: string) => void,
  ) {
    this.saved = JSON.stringify(files);
  }

  edit(files: SubmittedFile[]): void {
    this.files = files;
    if (this.dirty()) {
      this.report({ kind: "saving" });
      this.schedule(SAVE_DELAY_MS);
    } else if (this.timer !== undefined && !this.inFlight) {
      // Typed back to what is saved: nothing left to send.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.report({ kind: "saved" });
    }
  }

  /** Saves now (Ctrl/Cmd+S, the tab hidden, focus leaving the editor), after any save already under way. */
  save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = this.queue.then(() => this.put());
  }

  /** The page is going away: a queued save would never start, so this one goes at once. */
  leave(): void {
    clearTimeout(this.timer);
    if (this.dirty()) void this.put();
  }

  /** Puts the starter files back on the server; resolves them, or null when the server refused. */
  reset(): Promise<SubmittedFile[] | null> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const done = this.queue.then(() => this.remove());
    this.queue = done;
    return done;
  }

  private dirty(): boolean {
    return JSON.stringify(this.files) !== this.saved;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), ms);
  }

  private async put(): Promise<void> {
    const files = this.files;
    const snapshot = JSON.stringify(files);
    if (snapshot === this.saved) {
      if (this.revision > 0) this.report({ kind: "saved" });
      return;
    }
    const body = JSON.stringify({ files, baseRevision: this.revision });
    this.inFlight = true;
    try {
      const answer = await this.send("PUT", body);
      if (typeof answer.revision !== "number") throw new Error("unexpected answer");
      this.saved = snapshot;
      this.revision = answer.revision;
      this.failures = 0;
      if (answer.changedElsewhere === true) this.notify(CHANGED_ELSEWHERE);
      this.report(this.dirty() ? { kind: "saving" } : { kind: "saved" });
    } catch (err) {
      const failure = err instanceof SaveRefused ? err : new SaveRefused(UNREACHABLE, true);
      this.report({ kind: "failed", reason: failure.message, retrying: failure.retry });
      // A refusal (too large, a path the exercise does not have, signed out) waits for the next edit or Ctrl+S.
      if (failure.retry) this.schedule(Math.min(RETRY_FIRST_MS * 2 ** this.failures++, RETRY_MAX_MS));
    } finally {
      this.inFlight = false;
    }
  }

  private async remove(): Promise<SubmittedFile[] | null> {
    this.report({ kind: "saving" });
    try {
      const answer = await this.send("DELETE");
      if (typeof answer.revision !== "number" || !Array.isArray(answer.files)) throw new Error("unexpected answer");
      const files = answer.files as SubmittedFile[];
      this.files = files;
      this.saved = JSON.stringify(files);
      this.revision = answer.revision;
      this.report({ kind: "saved" });
      return files;
    } catch (err) {
      const reason = err instanceof SaveRefused ? err.message : UNREACHABLE;
      this.report({ kind: "failed", reason: `the reset did not happen (${reason})`, retrying: false });
      return null;
    }
  }

  private async send(method: "PUT" | "DELETE", body?: string) {
    const response = await fetch(this.url, {
      method,
      headers: body ? { "Content-Type": "application/json" } : undefined,
      body,
      // Outlives the page, so a save under way when the learner reloads or closes the tab still arrives.
      keepalive: (body?.length ?? 0) <= KEEPALIVE_MAX_CHARS,
    });
    // A proxy's HTML error page is no JSON: the HTTP status then speaks for it.
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const message = answer?.error?.message;
      throw new SaveRefused(
        typeof message === "string" ? message : `HTTP ${response.status}`,
        response.status >= 500 || response.status === 408 || response.status === 429,
      );
    }
    return answer as Record<string, unknown>;
  }
}

class SaveRefused extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Saves the draft as the learner types, on Ctrl/Cmd+S, on blur and on leaving; `revision`: the page's draft. */
export function useDraft(exercise: string, files: SubmittedFile[], revision: number) {
  const [status, setStatus] = useState<DraftStatus>({ kind: "idle" });
  const [notice, setNotice] = useState<string | null>(null);
  const [saver] = useState(
    () => new DraftSaver(`/api/drafts/${encodeURIComponent(exercise)}`, files, revision, setStatus, setNotice),
  );

  // A layout effect, so the saver holds the new text as soon as React commits it (see Ctrl+S below).
  useLayoutEffect(() => saver.edit(files), [saver, files]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault(); // the browser's "Save page as" dialog
        // The last keystrokes may still wait in React's queue: commit them first, or the save sends older text.
        flushSync(() => {});
        saver.save();
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") saver.save();
    };
    const listening = new AbortController();
    const on = { signal: listening.signal };
    window.addEventListener("keydown", onKeyDown, on);
    // Leaving the editor for a link or the sign-out button must not leave the last keystrokes unsent.
    document.addEventListener("focusout", () => saver.save(), on);
    document.addEventListener("visibilitychange", onVisibility, on);
    window.addEventListener("pagehide", () => saver.leave(), on);
    return () => {
      listening.abort();
      saver.leave();
    };
  }, [saver]);

  return { status, notice, dismissNotice: () => setNotice(null), reset: () => saver.reset() };
}
