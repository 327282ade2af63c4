import { watch } from "node:fs";
import { problemsOf } from "../content/content-fault";
import type { ContentProblem } from "../content/content-problem";
import { checkContent } from "./check-content";

export type ContentEvent =
  /** Files changed (paths relative to the content root; "" when the system did not say which). */
  | { type: "changed"; files: string[] }
  /** The course was validated again after a change; `problems` is the whole current list. */
  | { type: "problems"; problems: ContentProblem[] };

// Swap files, backups, lock files and atomic-save temporaries of common editors: not content, and they come and go
// on every keystroke in some editors.
const EDITOR_NOISE = /(^|\/)(\.#[^/]*|#[^/]*#|[^/]*~|\.[^/]*\.sw[a-p]x?|4913|\.DS_Store|[^/]*\.(tmp|crswap))$|___jb_/;

export function isEditorNoise(file: string): boolean {
  return EDITOR_NOISE.test(file);
}

/**
 * Watches a content folder (recursively; Node 20 does this on Linux too) and validates the course again after
 * each change. Subscribers hear "changed" as soon as the change settles, so a page can reload at once, then
 * "problems" when validation has caught up. Validations never overlap: changes during one start another after it.
 */
export function watchContent(
  root: string,
  {
    // Quiet time after the last file event before subscribers hear of it: one save is often several events.
    debounceMs = 100,
    validate = checkContent,
  }: { debounceMs?: number; validate?: (root: string) => Promise<ContentProblem[]> } = {},
) {
  const listeners = new Set<(event: ContentEvent) => void>();
  let problems: ContentProblem[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let validating: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const emit = (event: ContentEvent) => {
    for (const listener of listeners) listener(event);
  };

  const revalidate = (): Promise<void> => {
    if (validating) {
      again = true;
      return validating;
    }
    validating = (async () => {
      do {
        again = false;
        problems = await validate(root).catch((err: unknown) => problemsOf(err));
      } while (again && !closed);
      if (!closed) emit({ type: "problems", problems });
    })().finally(() => {
      validating = undefined;
    });
    return validating;
  };

  const flush = () => {
    const files = [...pending].sort();
    pending = new Set();
    emit({ type: "changed", files });
    void revalidate();
  };

  const watcher = watch(root, { recursive: true }, (_event, name) => {
    const file = name ? String(name) : "";
    if (closed || (file && isEditorNoise(file))) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });
  // A watch error (the folder removed, too many watches) ends the live preview, not the server.
  watcher.on("error", (err) => console.error(`[content] watching ${root} failed:`, err));

  return {
    root,
    /** The problems found by the latest validation (file paths absolute). */
    problems: () => problems,
    /** Settles when the first validation has finished. */
    ready: revalidate(),
    subscribe(listener: (event: ContentEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
      listeners.clear();
    },
  };
}

export type ContentWatcher = ReturnType<typeof watchContent>;
