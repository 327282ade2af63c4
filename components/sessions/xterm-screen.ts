import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { InputQueue, type InputQueueOptions } from "./input-queue";
import { type OutputText, outputText } from "./output-text";
import type { TerminalEndpoint } from "./terminal-endpoint";
import { LEAVE_WINDOW_MS, terminalKeyAction } from "./terminal-keys";

const RESIZE_DEBOUNCE_MS = 150;

const clamp = (n: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, n));
const isMac = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

/** `send` sends one message of this terminal's, already naming it. */
type XtermScreenOptions = Pick<InputQueueOptions, "send" | "onFailure" | "onDropped"> & {
  limits: TerminalEndpoint["limits"];
  /** xterm's screen-reader mode (its accessibility tree and live region), as the learner keeps it. */
  screenReaderMode: boolean;
  /** The id of the text that tells how to use the terminal's keys and leave it: its input's description. */
  describedBy: string;
};

/** One terminal of a session in `element`, with its own input queue; `ended`: its shell ended (a lab tab's `exit`). */
export class XtermScreen {
  readonly term: Terminal;
  readonly queue: InputQueue;
  ended = false;
  private readonly fitAddon = new FitAddon();
  private readonly observer: ResizeObserver;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A lone Escape held back while a Tab may follow it (terminal-keys.ts). */
  private heldEscape: ReturnType<typeof setTimeout> | undefined;
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
      screenReaderMode: options.screenReaderMode,
      theme: { background: "#020617", foreground: "#e2e8f0" },
    });
    const term = this.term;
    term.loadAddon(this.fitAddon);
    term.open(element);
    term.textarea?.setAttribute("aria-describedby", options.describedBy);
    this.fitAddon.fit();

    this.queue = new InputQueue({
      ...options,
      maxPendingChars: limits.pendingInputBytes,
      maxChunkChars: limits.inputChars,
    });
    this.subscriptions = [term.onData((data) => this.input(data)), term.onResize(() => this.sendSize())];
    term.attachCustomKeyEventHandler((event) => {
      const escapeHeld = this.heldEscape !== undefined;
      const action = terminalKeyAction(event, { hasSelection: term.hasSelection(), isMac: isMac(), escapeHeld });
      if (action === "pass") return true;
      if (action === "leave") {
        // Escape then Tab is the way out, nothing for the shell: the held Escape goes, the browser moves focus.
        this.dropEscape();
        return false;
      }
      this.sendEscape();
      if (action === "hold-escape") {
        // What xterm does with the Escape it sends: the page's own Escape handlers never see it.
        event.preventDefault();
        event.stopPropagation();
        this.heldEscape = setTimeout(() => this.sendEscape(), LEAVE_WINDOW_MS);
        return false;
      }
      if (action === "copy") {
        // Ctrl+Shift+C would open the browser's developer tools; the clipboard API copies without it.
        if (navigator.clipboard) {
          event.preventDefault();
          void navigator.clipboard.writeText(term.getSelection()).catch(() => {});
        }
        return false;
      }
      // For a paste the browser's own paste event reaches xterm, which sends the text.
      return action === "terminal";
    });

    this.observer = new ResizeObserver(() => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.fit(), RESIZE_DEBOUNCE_MS);
    });
    this.observer.observe(element);
  }

  /** Keystrokes for the shell; a tab whose shell ended starts a new one, sized first. */
  private input(data: string): void {
    if (this.ended) {
      this.ended = false;
      this.sendSize();
    }
    this.queue.type(data);
  }

  /** The held Escape reaches the shell: the window for a Tab is over, or another key came. */
  private sendEscape(): void {
    if (this.heldEscape === undefined) return;
    this.dropEscape();
    if (!this.term.options.disableStdin) this.input("\x1b");
  }

  private dropEscape(): void {
    clearTimeout(this.heldEscape);
    this.heldEscape = undefined;
  }

  /** Turns xterm's screen-reader mode on or off, at once. */
  setScreenReaderMode(on: boolean): void {
    if (!this.disposed) this.term.options.screenReaderMode = on;
  }

  /** The latest output as plain text, read from what the terminal holds now (its scrollback included). */
  recentText(): OutputText {
    const buffer = this.term.buffer.active;
    return outputText(buffer.length, (i) => {
      const line = buffer.getLine(i);
      if (!line) return undefined;
      // A row that goes on in the next keeps its trailing spaces: they are part of the line the program wrote.
      const goesOn = buffer.getLine(i + 1)?.isWrapped ?? false;
      return { text: line.translateToString(!goesOn), wrapped: line.isWrapped };
    });
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
    this.dropEscape();
    this.term.options.disableStdin = true;
    this.term.options.cursorBlink = false;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.dropEscape();
    this.observer.disconnect();
    for (const s of this.subscriptions) s.dispose();
    this.term.dispose();
  }
}
