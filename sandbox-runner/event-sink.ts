import type pg from "pg";
import type { ProgressEvent } from "./grading/lib";
import { appendEvent, untilDatabaseAnswers } from "./grading/lib";
import type { GradingSink } from "./grading-sink";
import { TerminalSanitiser } from "./terminal-output";

/**
 * Buffers log output into chunks (fewer rows, fewer NOTIFYs) and enforces the
 * per-submission log cap; other events go out immediately, in order. Status and
 * result events are not its business: `transition` writes them with the row, after `drain`.
 * While the database is unavailable (a restart) the grading goes on: events wait in order and are stored
 * once it answers again, so the learner's log has no gap.
 */
export class EventSink implements GradingSink {
  private buffer = "";
  private stored = 0;
  /** One for the whole log, so a sequence split between two pieces of output is still recognised. */
  private readonly plain = new TerminalSanitiser("plain");
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  truncated = false;

  constructor(
    private readonly db: pg.Pool,
    private readonly submissionId: string,
    private readonly maxLogBytes: number,
    private readonly flushMs = 150,
  ) {}

  log(raw: string): void {
    if (this.truncated) return;
    // Logs are shown as plain text: colour codes from tools like pip would appear as garbage, a program's OSC 8
    // link or OSC 52 clipboard write as a stray target, and a NUL would make PostgreSQL refuse the whole chunk.
    const text = this.plain.push(raw);
    const room = this.maxLogBytes - this.stored - Buffer.byteLength(this.buffer);
    if (Buffer.byteLength(text) > room) {
      this.buffer += Buffer.from(text).subarray(0, Math.max(0, room)).toString();
      this.buffer += `\n[log truncated: output beyond ${Math.round(this.maxLogBytes / 1024)} KiB is not kept]\n`;
      this.truncated = true;
      this.flush();
      return;
    }
    this.buffer += text;
    if (Buffer.byteLength(this.buffer) >= 16 * 1024) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  emit(event: ProgressEvent): Promise<unknown> {
    this.flush();
    return this.enqueue(event);
  }

  /** Resolves when everything emitted so far is stored. */
  async drain(): Promise<void> {
    this.flush();
    await this.chain;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.stored += Buffer.byteLength(text);
    this.buffer = "";
    void this.enqueue({ type: "log", data: { text } });
  }

  private enqueue(event: ProgressEvent): Promise<unknown> {
    this.chain = this.chain
      .then(() =>
        untilDatabaseAnswers(`storing a ${event.type} event of ${this.submissionId}`, () =>
          appendEvent(this.db, this.submissionId, event),
        ),
      )
      .catch((err) => {
        // Progress only: the result and the final status are written by `transition`, which has its own retry.
        console.error(`[runner] could not store event for ${this.submissionId}:`, (err as Error).message);
      });
    return this.chain;
  }
}
