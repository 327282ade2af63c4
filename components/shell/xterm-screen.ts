import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import type { TerminalInput } from "@/lib/sessions/session-protocol";
import { InputQueue } from "./input-queue";
import type { TerminalEndpoint } from "./terminal-endpoint";
import { terminalKeyAction } from "./terminal-keys";

const RESIZE_DEBOUNCE_MS = 150;

const clamp = (n: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, n));
const isMac = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

/** What one terminal of a session sends: keystrokes and sizes (closing a lab's tab goes straight to the host). */
type ScreenInput = Exclude<TerminalInput, { type: "close-terminal" }>;

interface XtermScreenOptions {
  limits: TerminalEndpoint["limits"];
  /** Sends one message of this terminal's, already naming it; throws when the server did not take it. */
  send: (message: ScreenInput) => Promise<void>;
  onFailure: (err: unknown) => void;
  onDropped: (chars: number) => void;
}

/**
 * One terminal of a session on the page (a shell's only one, or one of a lab's tabs): its xterm in `element`,
 * fitted to it, and its own ordered input queue. `ended`: the shell behind it ended (a lab tab's `exit`); the next
 * keystroke starts a new one, sized first.
 */
export class XtermScreen {
  readonly term: Terminal;
  readonly queue: InputQueue;
  ended = false;
  private readonly fitAddon = new FitAddon();
  private readonly observer: ResizeObserver;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    element: HTMLElement,
    private readonly options: XtermScreenOptions,
  ) {
    const { limits } = options;
    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      fontSize: 14,
      scrollback: 5000,
      theme: { background: "#020617", foreground: "#e2e8f0" },
    });
    const term = this.term;
    term.loadAddon(this.fitAddon);
    term.open(element);
    this.fitAddon.fit();

    this.queue = new InputQueue({
      send: options.send,
      onFailure: options.onFailure,
      onDropped: options.onDropped,
      maxPendingChars: limits.pendingInputBytes,
      maxChunkChars: limits.inputChars,
    });
    this.subscriptions = [
      term.onData((data) => {
        if (this.ended) {
          this.ended = false;
          this.sendSize();
        }
        this.queue.type(data);
      }),
      term.onResize(({ cols, rows }) => this.queue.resize(clamp(cols, limits.cols), clamp(rows, limits.rows))),
    ];
    term.attachCustomKeyEventHandler((event) => {
      const action = terminalKeyAction(event, term.hasSelection(), isMac());
      if (action === "copy") {
        // Ctrl+Shift+C would open the browser's developer tools; the clipboard API copies without it.
        if (navigator.clipboard) {
          event.preventDefault();
          void navigator.clipboard.writeText(term.getSelection()).catch(() => {});
        }
        return false;
      }
      // For a paste the browser's own paste event reaches xterm, which sends the text; for Shift+Tab focus moves.
      return action === "terminal";
    });

    this.observer = new ResizeObserver(() => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.fit(), RESIZE_DEBOUNCE_MS);
    });
    this.observer.observe(element);
  }

  /** The terminal's size as the session takes it. */
  size(): { cols: number; rows: number } {
    const { limits } = this.options;
    return { cols: clamp(this.term.cols, limits.cols), rows: clamp(this.term.rows, limits.rows) };
  }

  /** Sends the terminal's size as it is (a lab's tab: its first message starts its shell). */
  sendSize(): void {
    const { cols, rows } = this.size();
    this.queue.resize(cols, rows);
  }

  /** Fits the terminal to its element (after it was shown again) and redraws it. */
  fit(): void {
    if (this.disposed) return;
    this.fitAddon.fit();
    this.term.refresh(0, this.term.rows - 1);
  }

  /** The session closed: nothing more can be typed here. */
  close(note?: string): void {
    if (this.disposed) return;
    if (note) this.term.write(note);
    this.term.options.disableStdin = true;
    this.term.options.cursorBlink = false;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.observer.disconnect();
    for (const s of this.subscriptions) s.dispose();
    this.term.dispose();
  }
}
