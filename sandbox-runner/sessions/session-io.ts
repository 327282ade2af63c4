import { terminalOutputDecoder } from "../terminal-output";

/** Output is stored in batches: after this long without more, or once this much has gathered. */
const FLUSH_AFTER_MS = 5;
const FLUSH_AT_CHARS = 16 * 1024;
/** Stored batches in flight before the terminal is paused, so a flood waits for the database. */
const MAX_WRITES_IN_FLIGHT = 2;

/** A session's terminal as its I/O sees it: a shell's container stream, or a lab's pty bridge. */
export interface TerminalPort {
  write(data: string): void;
  /** Input written but not yet read by the program. */
  readonly pendingInput: number;
  /** Called once the program has read what was pending. */
  onDrain(listener: () => void): void;
  pause(): void;
  resume(): void;
}

export interface SessionIoOptions {
  /** The session, as its log lines name it ("shell <id>", "lab <id>"). */
  name: string;
  limits: { idleSeconds: number; outputBytes: number; pendingInputBytes: number };
  /** Stores a batch of sanitised output in the session's event log. */
  storeOutput(text: string): Promise<unknown>;
  /** Said in the terminal when the learner types faster than the program reads; once until it catches up. */
  inputDroppedNote: string;
  /** Past the output cap: what to store after the part that fit (undefined for nothing). */
  onOutputCap(cap: number): string | undefined;
  /** No keystroke for the idle limit. */
  onIdle(idleSeconds: number): void;
  log(line: string): void;
}

/**
 * The learner's side of a served session's terminal, the same for shells and labs: keystrokes typed before the
 * terminal exists are held (within the input allowance) and written first; input beyond what the program reads is
 * dropped with a note; the idle clock restarts at each keystroke; output is sanitised, capped and stored in order,
 * in batches, pausing the terminal while the database is behind.
 */
export class SessionIo {
  private terminal: TerminalPort | undefined;
  private early: string[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly decoder = terminalOutputDecoder();
  private pending = "";
  private flushTimer: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();
  private writesInFlight = 0;
  private outputBytes = 0;
  private capped = false;
  private inputDropNoted = false;
  private stopped = false;

  constructor(private readonly opts: SessionIoOptions) {}

  /** The terminal now exists: what was typed before goes first, in order. */
  attach(terminal: TerminalPort): void {
    this.terminal = terminal;
    for (const data of this.early.splice(0)) this.input(data);
  }

  /** Keystrokes or a paste piece, written to the terminal in the order they came. */
  input(data: string): void {
    if (this.stopped) return;
    const terminal = this.terminal;
    if (!terminal) {
      if (this.early.reduce((n, d) => n + d.length, data.length) <= this.opts.limits.pendingInputBytes) {
        this.early.push(data);
      }
      return;
    }
    this.touch();
    // The program reads slower than the learner sends: beyond the allowance the input is dropped, said once.
    if (terminal.pendingInput > this.opts.limits.pendingInputBytes) {
      if (!this.inputDropNoted) {
        this.inputDropNoted = true;
        this.emit(this.opts.inputDroppedNote);
        terminal.onDrain(() => (this.inputDropNoted = false));
      }
      return;
    }
    terminal.write(data);
  }

  /** Restarts the idle clock (at each keystroke, and once when the session opens). */
  touch(): void {
    clearTimeout(this.idleTimer);
    const idle = this.opts.limits.idleSeconds;
    this.idleTimer = setTimeout(() => this.opts.onIdle(idle), Math.round(idle * 1000));
  }

  /** Bytes the terminal printed. Past the cap they are read and dropped, so a long print never blocks. */
  output(chunk: Buffer): void {
    if (this.capped) return;
    this.emit(this.decoder.write(chunk));
  }

  /** Queues sanitised text for the event log, within the output cap. */
  emit(text: string): void {
    if (!text || this.capped) return;
    const cap = this.opts.limits.outputBytes;
    const bytes = Buffer.byteLength(text);
    if (this.outputBytes + bytes > cap) {
      this.capped = true;
      // The part that still fits, cut at a character boundary.
      this.pending += Buffer.from(text)
        .subarray(0, cap - this.outputBytes)
        .toString("utf8")
        .replace(/\uFFFD+$/, "");
      this.pending += this.opts.onOutputCap(cap) ?? "";
      this.outputBytes = cap;
      void this.flush();
      return;
    }
    this.outputBytes += bytes;
    this.pending += text;
    if (this.pending.length >= FLUSH_AT_CHARS) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Stores what is pending, after every earlier write. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending) return this.writes;
    const text = this.pending;
    this.pending = "";
    return this.chain(() => this.opts.storeOutput(text), "output");
  }

  /** One write after every earlier one (so events stay in order); while they pile up the terminal is paused. */
  chain(write: () => Promise<unknown>, what: string): Promise<void> {
    this.writesInFlight++;
    if (this.writesInFlight >= MAX_WRITES_IN_FLIGHT) this.terminal?.pause();
    this.writes = this.writes
      .then(write)
      .then(
        () => undefined,
        (err: Error) => this.opts.log(`${this.opts.name}: ${what} lost: ${err.message}`),
      )
      .finally(() => {
        this.writesInFlight--;
        if (this.writesInFlight < MAX_WRITES_IN_FLIGHT && !this.stopped) this.terminal?.resume();
      });
    return this.writes;
  }

  /** Takes no more input and stops the idle clock: the session is closing. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.idleTimer);
  }

  /** Stores the decoder's last characters and everything pending, once the terminal has ended. */
  finish(): Promise<void> {
    if (!this.capped) this.emit(this.decoder.end());
    return this.flush();
  }
}
