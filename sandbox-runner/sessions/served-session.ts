import type pg from "pg";
import { appendSessionEvent, formatBytes, formatMiB, moveSession, type SessionControl } from "./lib";
import { SessionIo, type SessionIoOptions } from "./session-io";

/** A control message addressed to one session (a request for a new one is its host's). */
export type SessionMessage = Exclude<SessionControl, { kind: "request" }>;

/** "20 minutes", "1 minute", "2 seconds": limits as a learner reads them. */
export function duration(seconds: number): string {
  const [n, unit] = seconds >= 60 && seconds % 60 === 0 ? [seconds / 60, "minute"] : [seconds, "second"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** An output cap as a learner reads it: whole MiB when it is some, else bytes. */
export function capSize(bytes: number): string {
  return bytes % 2 ** 20 === 0 ? formatMiB(bytes) : formatBytes(bytes);
}

/** Printed into the terminal (not a close): the session lives on, only the excess keystrokes are gone. */
export const INPUT_DROPPED_NOTE =
  "\r\n[dockyard: some input was dropped because it came faster than the shell reads it; " +
  "paste smaller pieces, or wait for the running command to read what you typed]\r\n";

/** The close reasons every kind of session has; each kind words them for what it loses. */
export interface SessionCloseReasons {
  idle(seconds: number): string;
  total(seconds: number): string;
  closedByYou(): string;
  /** The start failed for a reason the learner cannot act on (logged for the operator); `cause` is what failed. */
  couldNotStart(cause?: unknown): string;
}

/**
 * How a session ends: closed with the reason the learner reads, or (a lab its host kept as it stopped) back in the
 * queue for the next host, which resumes it.
 */
export type SessionEnding = { to: "closed"; reason: string } | { to: "queued"; reason: string };

export interface ServedSessionContext {
  db: pg.Pool;
  limits: SessionIoOptions["limits"] & { totalSeconds: number };
  log: (line: string) => void;
}

/**
 * One session a host serves, whatever its kind: started in the background once claimed, its terminal's I/O through
 * SessionIo, open at most its total time, and closed exactly once with a reason (the learner's request, the idle or
 * total limit, its program ending, the host stopping), its kind's resources released before the session row closes.
 * A kind says how it starts (`start`), what it releases (`release`) and its close reasons.
 */
export abstract class ServedSession<C extends ServedSessionContext = ServedSessionContext> {
  protected readonly io: SessionIo;
  protected readonly timers: NodeJS.Timeout[] = [];
  /** Set once a close began: a start in progress stops at its next step. */
  protected stopping = false;
  private started: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  constructor(
    protected readonly ctx: C,
    readonly id: string,
    private readonly onClosed: () => void,
    private readonly kind: { name: "shell" | "lab"; reasons: SessionCloseReasons } & Pick<
      SessionIoOptions,
      "inputDroppedNote" | "onOutputCap"
    >,
  ) {
    this.io = new SessionIo({
      name: `${kind.name} ${id}`,
      limits: ctx.limits,
      storeOutput: (text) => appendSessionEvent(ctx.db, id, { type: "output", data: { text } }),
      inputDroppedNote: kind.inputDroppedNote,
      onOutputCap: kind.onOutputCap,
      onIdle: (seconds) => void this.close(kind.reasons.idle(seconds)),
      log: ctx.log,
    });
  }

  /** Undefined once open; a close reason when the session could not start. */
  protected abstract start(): Promise<string | undefined>;
  /**
   * Frees what the kind holds (a container, an engine); called once, after the start has settled, with how the
   * session is to end. A kind may answer another ending (a lab says what became of its work, or goes back to the
   * queue when it was kept).
   */
  protected abstract release(ending: SessionEnding): Promise<SessionEnding | undefined>;

  abstract resize(cols: number, rows: number): void;

  /**
   * A control message for this session: keystrokes and sizes of its terminal, and its learner's close. What only
   * some kinds have (a lab's other tabs, previews, engine snapshots) is theirs to take in an override, which passes
   * the rest here; a kind without it ignores it.
   */
  control(message: SessionMessage): void {
    if (message.kind === "input" && !message.terminal) this.input(message.data);
    else if (message.kind === "resize" && !message.terminal) this.resize(message.cols, message.rows);
    else if (message.kind === "close") void this.close(message.reason ?? this.kind.reasons.closedByYou());
  }

  /** Starts the claimed session in the background; whatever happens, it ends closed with a reason. */
  begin(): void {
    this.started = this.start().then(
      (failed) => {
        if (failed) void this.close(failed);
      },
      (err) => {
        this.log(`could not start: ${(err as Error).message}`);
        void this.close(this.kind.reasons.couldNotStart(err));
      },
    );
  }

  /** Keystrokes or a paste piece, written to the terminal in the order they came. */
  input(data: string): void {
    this.io.input(data);
  }

  /**
   * Closes once: releases what the session holds, stores its last output, then closes it with `reason`. `requeue`:
   * the host is stopping, and a kind that can keep what it holds may send the session back to the queue instead.
   */
  close(reason: string, { requeue = false }: { requeue?: boolean } = {}): Promise<void> {
    this.closing ??= this.teardown(requeue ? { to: "queued", reason } : { to: "closed", reason });
    return this.closing;
  }

  protected log(line: string): void {
    this.ctx.log(`${this.kind.name} ${this.id}: ${line}`);
  }

  /**
   * Moves the session to open and starts its idle and total clocks; a close reason when it was closed meanwhile (the
   * learner gave up, or a sweep): what was started goes, and the reason given first stands.
   */
  protected async open(): Promise<string | undefined> {
    const opened = await moveSession(this.ctx.db, this.id, { to: "open" });
    if (!opened.moved) return this.kind.reasons.closedByYou();
    this.io.touch();
    const { totalSeconds } = this.ctx.limits;
    this.timers.push(
      setTimeout(() => void this.close(this.kind.reasons.total(totalSeconds)), Math.round(totalSeconds * 1000)),
    );
    return undefined;
  }

  private async teardown(asked: SessionEnding): Promise<void> {
    this.stopping = true;
    this.io.stop();
    // A close asked for while the session is starting waits for the start, so nothing it made is left behind.
    await this.started;
    for (const timer of this.timers) clearTimeout(timer);
    const ending = (await this.release(asked)) ?? { to: "closed", reason: asked.reason };
    await this.io.finish();
    await moveSession(this.ctx.db, this.id, ending).catch((err: Error) =>
      this.log(`ending its session failed: ${err.message}`),
    );
    this.onClosed();
  }
}
