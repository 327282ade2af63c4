import type { CheckResult } from "@/lib/grading/result-schema";
import type { QuickFix } from "@/lib/grading/static/quick-fix";

// What the exercise's instant checks (exercise/instant-findings.ts) hand the editor, which shows them as markers and
// quick fixes: a folder below both, as the editor never loads the checks themselves.

/** A rule's mechanical fix for one of its findings, valid for the text of `path` the report was made from. */
export interface InstantFix {
  checkId: string;
  /** The file the fix edits: the Dockerfile, or the compose file for a Compose rule. */
  path: string;
  line: number;
  fix: QuickFix;
}

export interface InstantReport {
  findings: CheckResult[];
  fixes: InstantFix[];
  /** The text of each file the fixes edit, as checked: a fix applies to exactly this text of its file. */
  sources: Record<string, string>;
}
