/**
 * When a part of the platform dies, it is started again after a pause that doubles with each recent restart; a
 * part that has needed `restarts` restarts within `windowMs` is in a crash loop, which restarting would only hide.
 */
export interface CrashLoopLimit {
  restarts: number;
  windowMs: number;
}

export const CRASH_LOOP: CrashLoopLimit = { restarts: 5, windowMs: 60_000 };

/** The pause before the first restart in a window, doubling with each further one up to `maxMs`. */
export interface RestartDelays {
  firstMs: number;
  maxMs: number;
}

const DELAYS: RestartDelays = { firstMs: 500, maxMs: 8_000 };

export type AfterDeath = { restart: true; delayMs: number } | { restart: false; restarts: number; windowMs: number };

export class RestartPolicy {
  /** When each restart of the current window was decided. */
  private restarts: number[] = [];

  constructor(
    private readonly limit: CrashLoopLimit = CRASH_LOOP,
    private readonly delays: RestartDelays = DELAYS,
  ) {}

  /** What to do, at time `now` (ms), about a part that has just died or failed to start. */
  afterDeath(now: number): AfterDeath {
    this.restarts = this.restarts.filter((at) => now - at < this.limit.windowMs);
    if (this.restarts.length >= this.limit.restarts) {
      return { restart: false, restarts: this.restarts.length, windowMs: this.limit.windowMs };
    }
    const delayMs = Math.min(this.delays.maxMs, this.delays.firstMs * 2 ** this.restarts.length);
    this.restarts.push(now);
    return { restart: true, delayMs };
  }
}
