/**
 * Who an engine's start is for: a learner waiting on the page goes before an engine started for nobody yet (the warm
 * pool), whose learner does not exist.
 */
export type StartFor = "learner" | "ahead";

/** How a start went, for the limit: how long its engine took to answer, and the host's load meanwhile. */
export interface StartSample {
  /** From the start's turn to its engine answering (image loading excluded: it is the lab's work, not the host's). */
  engineMs: number;
  /** The 1-minute load average over the host's cores when it ended. */
  loadPerCore: number;
}

interface StartGateOptions {
  /**
   * The first limit, and the least: one start a core (labStartsAtOnce). Fewer at once made no start sooner on a host
   * that other work loads, only the queue longer (bench/README.md, issue 54: halving down to one took a class's last
   * lab from 149 to 209 s).
   */
  initial: number;
  /** The most starts at once whatever the measures say (the host's accounts). */
  max: number;
  /** A turn came free (a start ended, or the limit rose): a lab waiting in the queue may be claimed now. */
  onTurnFree?: () => void;
  /** The clock, for reservations' age; performance.now unless a test gives one. */
  now?: () => number;
}

/**
 * A start is fast when its engine answered within this many times the fastest start the host has made (its idle
 * pace, measured), and slow past SLOW times it: between them the limit holds.
 */
const FAST = 1.5;
const SLOW = 3;
/** Load per core past which the limit never rises: more starts would only queue for the CPU. */
const BUSY_LOAD_PER_CORE = 2;
/** Starts the idle pace is the fastest of: old enough ones age out, so a host that became slower is believed. */
const PACE_WINDOW = 20;
/**
 * How long a lab claimed for a start keeps its turn reserved before its start enters the gate: a claim's start comes
 * within a second or two; one that never comes (the lab closed first) stops counting after this.
 */
const RESERVED_MS = 30_000;

/**
 * Turns to start a lab engine, as many at once as the host starts in time: measured, not fixed. The limit rises by
 * one after a start as fast as the host's idle pace while the load is moderate, and halves after a slow one, never
 * under one start a core, so a busy host (a CPU hog, a class's rush) starts no more engines than its cores and each
 * answers in the time it needs, where twenty at once on two cores each took as long as in turns and starved the labs
 * learners type in (bench/README.md).
 * Learners' starts wait before engines started ahead of them; in each, first come, first started.
 */
export class StartGate {
  private running = 0;
  private readonly waiting: Record<StartFor, Array<() => void>> = { learner: [], ahead: [] };
  private current: number;
  /** The latest starts' engine times: the fastest of them is the host's idle pace. */
  private readonly recent: number[] = [];
  /** Labs claimed for a start whose start has not entered the gate yet (by account), and when. */
  private readonly reserved = new Map<string, number>();

  private readonly now: () => number;

  constructor(private readonly opts: StartGateOptions) {
    this.current = Math.max(1, Math.min(opts.initial, opts.max));
    this.now = opts.now ?? (() => performance.now());
  }

  /** Starts allowed at once now. */
  get limit(): number {
    return this.current;
  }

  /** Whether an engine is starting or waiting to. */
  get busy(): boolean {
    return this.running > 0;
  }

  /**
   * Whether a learner's start would begin now rather than wait: the lab host claims a queued lab that needs an
   * engine only then, so the labs that wait do so in the queue, where each learner sees a true position.
   */
  get roomForLearner(): boolean {
    const now = this.now();
    for (const [key, at] of this.reserved) if (now - at > RESERVED_MS) this.reserved.delete(key);
    return this.running + this.waiting.learner.length + this.reserved.size < this.current;
  }

  /** Keeps a turn for the start of a lab just claimed (as `key`, its account) until that start enters the gate. */
  reserve(key: string): void {
    this.reserved.set(key, this.now());
  }

  /** A reserved turn the claimed lab will not use after all. */
  unreserve(key: string): void {
    if (this.reserved.delete(key)) this.opts.onTurnFree?.();
  }

  /** Runs `work` in a turn; `work` reports how its engine's start went (`sample`) for the limit to learn from. */
  async run<T>(
    work: (sample: (s: StartSample) => void) => Promise<T>,
    startFor: StartFor = "learner",
    key?: string,
  ): Promise<T> {
    if (key !== undefined) this.reserved.delete(key);
    if (this.running >= this.current || this.waiting.learner.length > 0 || this.waiting.ahead.length > 0)
      await new Promise<void>((resolve) => this.waiting[startFor].push(resolve));
    else this.running++;
    try {
      return await work((s) => this.observe(s));
    } finally {
      this.running--;
      this.next();
      this.opts.onTurnFree?.();
    }
  }

  /** Learns from one start: the limit rises after a fast one on a host not yet busy, and halves after a slow one. */
  observe({ engineMs, loadPerCore }: StartSample): void {
    this.recent.push(engineMs);
    if (this.recent.length > PACE_WINDOW) this.recent.shift();
    const pace = Math.min(...this.recent);
    const before = this.current;
    const least = Math.max(1, Math.min(this.opts.initial, this.opts.max));
    if (engineMs > SLOW * pace) this.current = Math.max(least, Math.floor(this.current / 2));
    else if (engineMs <= FAST * pace && loadPerCore < BUSY_LOAD_PER_CORE)
      this.current = Math.min(this.opts.max, this.current + 1);
    this.next();
    if (this.current > before) this.opts.onTurnFree?.();
  }

  /** Hands free turns to the waiting starts, learners first. */
  private next(): void {
    while (this.running < this.current) {
      const resume = this.waiting.learner.shift() ?? this.waiting.ahead.shift();
      if (!resume) return;
      this.running++;
      resume();
    }
  }
}
