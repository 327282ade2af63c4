import type { TerminalInput } from "@/lib/sessions/session-protocol";
import { SHELL_LIMITS } from "@/lib/shell/shell-limits";

/** What the queue sends: keystrokes and sizes (closing a lab's tab goes straight to the host). */
export type ShellInput = Exclude<TerminalInput, { type: "close-terminal" }>;

/** Splits text into pieces of at most `max` UTF-16 units, never inside a surrogate pair (a broken character). */
export function chunkInput(text: string, max: number = SHELL_LIMITS.inputChars): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    const last = rest.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

export interface InputQueueOptions {
  /** Sends one message; resolves when the server took it, throws when it did not. */
  send: (message: ShellInput) => Promise<void>;
  /** Called once when a send failed: the queue drops what it holds and refuses more. */
  onFailure: (err: unknown) => void;
  /** Called with how many characters were dropped because more was waiting than the queue holds. */
  onDropped?: (chars: number) => void;
  /** Most characters waiting to be sent; a larger paste keeps its start. */
  maxPendingChars?: number;
  maxChunkChars?: number;
}

/**
 * Keystrokes and resizes on their way to the shell, in order, one request in flight at a time: what is typed
 * meanwhile joins the next one, so a paste is a few requests, not one per key, and none overtakes another.
 */
export class InputQueue {
  private readonly pending: ShellInput[] = [];
  private pendingChars = 0;
  private inFlight = false;
  private failed = false;
  private ready = false;
  private idleWaiters: (() => void)[] = [];
  private readonly maxPending: number;
  private readonly maxChunk: number;

  constructor(private readonly options: InputQueueOptions) {
    this.maxPending = options.maxPendingChars ?? SHELL_LIMITS.pendingInputBytes;
    this.maxChunk = options.maxChunkChars ?? SHELL_LIMITS.inputChars;
  }

  /** Starts sending: until the shell is open, input waits here. */
  start(): void {
    this.ready = true;
    this.pump();
  }

  type(data: string): void {
    if (this.failed || !data) return;
    const room = this.maxPending - this.pendingChars;
    let text = data;
    if (text.length > room) {
      text = room > 0 ? (chunkInput(text, room)[0] ?? "") : "";
      this.options.onDropped?.(data.length - text.length);
    }
    if (!text) return;
    const last = this.pending.at(-1);
    // Joining only the last waiting message keeps order: text never moves ahead of a resize queued before it.
    if (last?.type === "input") last.data += text;
    else this.pending.push({ type: "input", data: text });
    this.pendingChars += text.length;
    this.pump();
  }

  resize(cols: number, rows: number): void {
    if (this.failed) return;
    const last = this.pending.at(-1);
    // Only the newest size matters; an older one still waiting is replaced.
    if (last?.type === "resize") this.pending[this.pending.length - 1] = { type: "resize", cols, rows };
    else this.pending.push({ type: "resize", cols, rows });
    this.pump();
  }

  /** Resolves once nothing waits and nothing is in flight (or the queue failed). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.failed || (!this.inFlight && (this.pending.length === 0 || !this.ready));
  }

  private next(): ShellInput | undefined {
    const head = this.pending[0];
    if (!head) return undefined;
    if (head.type === "resize") return this.pending.shift();
    const [first, ...rest] = chunkInput(head.data, this.maxChunk);
    if (rest.length === 0) this.pending.shift();
    else head.data = rest.join("");
    this.pendingChars -= first!.length;
    return { type: "input", data: first! };
  }

  private pump(): void {
    const message = !this.ready || this.inFlight || this.failed ? undefined : this.next();
    if (!message) {
      this.settle();
      return;
    }
    this.inFlight = true;
    this.options.send(message).then(
      () => {
        this.inFlight = false;
        this.pump();
      },
      (err: unknown) => {
        this.inFlight = false;
        this.failed = true;
        this.pending.length = 0;
        this.pendingChars = 0;
        this.options.onFailure(err);
        this.settle();
      },
    );
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
