import type { ProgressEvent } from "./grading/lib";

/** Where a grading run reports to: the database event log for the web app, the terminal for the CLI. */
export interface GradingSink {
  log(text: string): void;
  emit(event: ProgressEvent): Promise<unknown>;
  /** True once output went over the log cap and was cut. */
  readonly truncated: boolean;
}
