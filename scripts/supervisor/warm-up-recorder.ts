import { setTimeout as sleep } from "node:timers/promises";
import type { WarmUpPart } from "../../lib/platform/warm-up";
import type { WarmUpRecord } from "../../lib/platform/warm-up-store";

/**
 * Writes the warm-up's states for the supervisor without ever holding the warm-up up: a record is queued and this
 * returns at once. Per part only the newest state waits to be written (an older one it replaces would be stale by
 * then), and a write that fails (PostgreSQL restarting) is tried again until a newer state replaces it, so the last
 * state of each part always lands.
 */
export class WarmUpRecorder {
  private readonly pending = new Map<WarmUpPart, WarmUpRecord>();
  private draining: Promise<void> | undefined;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly write: (record: WarmUpRecord) => Promise<void>,
    private readonly say: (line: string) => void,
    private readonly retryMs = 2_000,
  ) {}

  record(record: WarmUpRecord): void {
    if (this.stopped) return;
    const replaced = this.pending.get(record.part);
    // A new start replaced before it was written still restarts the part's clock.
    this.pending.set(record.part, { ...record, begins: record.begins || replaced?.begins });
    this.drain();
  }

  /** Settles once every state recorded so far is written, or after `timeoutMs` (a database that does not answer). */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.draining && Date.now() < deadline) {
      await Promise.race([this.draining, sleep(Math.max(0, deadline - Date.now()))]);
    }
  }

  /** No more writes: the platform is stopping. */
  stop(): void {
    this.stopped = true;
  }

  private drain(): void {
    this.draining ??= this.writeAll().finally(() => {
      this.draining = undefined;
      // A state recorded while the loop was ending.
      if (this.pending.size > 0 && !this.stopped) this.drain();
    });
  }

  private async writeAll(): Promise<void> {
    for (let next = this.first(); next && !this.stopped; next = this.first()) {
      try {
        await this.write(next);
        if (this.pending.get(next.part) === next) this.pending.delete(next.part);
        if (this.failing) this.say("the warm-up's state is recorded again");
        this.failing = false;
      } catch (err) {
        // Said once per outage: the warm-up goes on regardless, only /api/health and the dashboard lag behind.
        if (!this.failing) this.say(`could not record the warm-up's state (retrying): ${(err as Error).message}`);
        this.failing = true;
        await sleep(this.retryMs);
      }
    }
  }

  private first(): WarmUpRecord | undefined {
    return this.pending.values().next().value;
  }
}
