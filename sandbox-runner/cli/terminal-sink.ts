import type { SubmissionEvent } from "../grading/lib";
import type { GradingSink } from "../grading-sink";
import { TerminalSanitiser } from "../terminal-output";

/** Grading progress on the terminal: phases always, the build/run log only when asked. */
export class TerminalSink implements GradingSink {
  private stored = 0;
  // Plain, as the web log: a submission's output must not drive the author's terminal (titles, clipboard, links).
  private readonly plain = new TerminalSanitiser("plain");
  truncated = false;

  constructor(
    private readonly out: (text: string) => void,
    private readonly verbose: boolean,
    private readonly maxLogBytes: number,
  ) {}

  log(text: string): void {
    this.stored += Buffer.byteLength(text);
    if (this.stored > this.maxLogBytes) {
      this.truncated = true;
      return;
    }
    if (this.verbose) this.out(this.plain.push(text));
  }

  async emit(event: SubmissionEvent): Promise<void> {
    if (event.type === "phase" && event.data.state === "finished" && event.data.result) {
      const { name, status, ms } = event.data.result;
      this.out(`[grade] ${name.padEnd(8)} ${status.padEnd(7)} ${(ms / 1000).toFixed(1)} s\n`);
    }
  }
}
