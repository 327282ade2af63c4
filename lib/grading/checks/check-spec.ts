import type { CheckResult } from "../result-schema";
import { causeFix } from "./causes";

export type CheckCategory = CheckResult["category"];

/** How a check is measured: from the Dockerfile text, from the built image, or by running it. */
export type CheckMethod = "static" | "image" | "run";

/**
 * A catalogue entry. Everything a learner needs to understand a finding that
 * does not depend on the submission lives here: why it matters, the general fix,
 * the lesson that teaches it. Browser-safe (no Node imports).
 */
export interface CheckSpec {
  id: string;
  category: CheckCategory;
  title: string;
  method: CheckMethod;
  /** One sentence: what is inspected and how, e.g. "RUN lines calling apt-get install". */
  measures: string;
  points: number;
  why: string;
  fix: string;
  /** Slug of the lesson that teaches this (a lesson of the course, checked by content validation). */
  lesson: string;
  /** Names of exercise.yaml parameters the check reads, for the catalogue listing. */
  params?: string[];
  /** hadolint / dockle / dive / container-structure-test rule this corresponds to, if any. */
  equivalent?: string;
}

/** One concrete problem, with where it is. */
export interface Finding {
  message: string;
  /** "Dockerfile:12", or "layer 3: RUN pip install ..." */
  location?: string;
  evidence?: string;
  /** A fix specific to this finding; otherwise its cause's fix (`causes.ts`), else the spec's general fix. */
  fix?: string;
}

export type CheckOutcome =
  | { status: "pass"; message: string; evidence?: string }
  | { status: "fail" | "warn"; findings: Finding[] }
  | { status: "skipped"; reason: string };

export const pass = (message: string, evidence?: string): CheckOutcome => ({ status: "pass", message, evidence });
export const fail = (...findings: Finding[]): CheckOutcome => ({ status: "fail", findings });
export const warn = (...findings: Finding[]): CheckOutcome => ({ status: "warn", findings });
export const skipped = (reason: string): CheckOutcome => ({ status: "skipped", reason });

/** Turns a spec and an outcome into the result-document entry; several findings become one message. */
export function toCheckResult(spec: CheckSpec, outcome: CheckOutcome): CheckResult {
  const base = {
    id: spec.id,
    category: spec.category,
    title: spec.title,
    method: spec.method,
    maxPoints: spec.points,
    why: spec.why,
    lesson: spec.lesson,
  };
  switch (outcome.status) {
    case "pass":
      return {
        ...base,
        status: "pass",
        points: spec.points,
        message: outcome.message,
        evidence: outcome.evidence,
        fix: "Nothing to fix.",
      };
    case "skipped":
      return { ...base, status: "skipped", points: 0, maxPoints: 0, message: outcome.reason, fix: spec.fix };
    default: {
      const [first, ...rest] = outcome.findings;
      const message =
        rest.length === 0
          ? first!.message
          : outcome.findings.map((f) => `${f.location ? `${f.location}: ` : ""}${f.message}`).join("\n");
      return {
        ...base,
        status: outcome.status,
        // A warning costs nothing: it teaches without failing the exercise.
        points: outcome.status === "warn" ? spec.points : 0,
        message,
        location: first!.location,
        evidence:
          outcome.findings
            .map((f) => f.evidence)
            .filter(Boolean)
            .join("\n") || undefined,
        // A check that shares its cause with others reports the cause's fix, so they never disagree.
        fix: first!.fix ?? causeFix(spec.id) ?? spec.fix,
      };
    }
  }
}
