import type { SendError } from "../lms-failures";
import type { LmsFlavour } from "../lms-flavour";

/*
 * What "Check this LMS" (../lms-check.ts) learned from the LMS with the tool's own token, and the shape of a rule
 * that reads it: one known misconfiguration per rule, each in a file of its own in this folder, listed in
 * ../lms-check.ts.
 */

/** A scope the tool asks for, and whether the LMS granted it. */
export interface ScopeProbe {
  scope: string;
  /** What Dockyard does with it: "send scores". */
  use: string;
  /** Without it grades do not pass back (score) or the check cannot see the grade columns (line items). */
  needed: boolean;
  granted: boolean;
}

export interface LinkFacts {
  /** "Class name · item title", where a finding is. */
  where: string;
  lineItemUrl: string | null;
  /** The line item as the LMS gave it, when it was read. */
  lineItem?: { scoreMaximum: number; endDateTime?: string };
  /** Why reading it failed. */
  readFailure?: { code: SendError; text: string };
  /** The class assigned the item with a due date: Dockyard credits late work itself. */
  dockyardDueAt: Date | null;
}

export interface CheckFacts {
  lmsName: string;
  flavour: LmsFlavour;
  timeoutSeconds: number;
  /** The token endpoint failed in a way no scope explains: the check stopped there. */
  tokenFailure?: { code: SendError; text: string };
  scopes: ScopeProbe[];
  links: LinkFacts[];
  /** Scores of this LMS's classes whose last send failed, by class of failure. */
  sendFailures: { code: SendError; count: number; example: string; text: string }[];
}

export type Severity = "problem" | "warning" | "note";

/** One misconfiguration found: what, why it matters, how to fix it in the LMS's own words. */
export interface LmsFinding {
  rule: string;
  severity: Severity;
  where?: string;
  found: string;
  why: string;
  fix: string;
}

export interface LmsCheckRule {
  id: string;
  /** One finding, several, or none ([]). */
  run(facts: CheckFacts): LmsFinding | LmsFinding[];
}
