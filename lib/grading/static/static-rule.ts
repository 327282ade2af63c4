import type { CheckOutcome, CheckSpec } from "../checks/check-spec";
import type { QuickFixer } from "./quick-fix";
import type { StaticContext } from "./static-context";

/** One catalogue entry measured from the Dockerfile text and the submitted files only. */
export interface StaticRule {
  spec: CheckSpec;
  run(ctx: StaticContext): CheckOutcome;
  /** The editor's one-click fix for a finding of this rule, where the fix is mechanical. */
  quickFix?: QuickFixer;
  /** The file `quickFix` edits (and reads), when not the Dockerfile: e.g. the exercise's compose file. */
  quickFixFile?(ctx: StaticContext): string | undefined;
}

/** "Dockerfile:12", or "requirements.txt:3" for another file. */
export const at = (line: number, file = "Dockerfile"): string => `${file}:${line}`;

/** A finding's location and evidence: the line of the instruction (or shell command) it is about, and its text. */
export const located = (x: { line: number; text: string }) => ({ location: at(x.line), evidence: x.text });

/** The spec fields every static check shares. */
export const STATIC = { method: "static" } as const;
