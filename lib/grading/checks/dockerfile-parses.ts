import { LESSONS } from "../../content/lesson-slugs";
import type { CheckResult } from "../result-schema";
import { type CheckSpec, fail, pass, toCheckResult } from "./check-spec";

/**
 * The check the syntax check decides. It lives here rather than with the runner's other pipeline checks because the
 * editor reports a refused Dockerfile as this same check, with the same title, points and texts. Browser-safe.
 */
export const DOCKERFILE_PARSES: CheckSpec = {
  id: "correctness.dockerfile-syntax",
  category: "correctness",
  title: "The Dockerfile parses",
  method: "static",
  measures:
    "Every line is parsed with the rules of the Dockerfile frontend graders " +
    "build with (BuildKit's built-in 1.7: heredocs, RUN --mount, COPY/ADD " +
    "flags); the first instruction after ARGs must be FROM.",
  points: 1,
  why: "Docker stops at the first line it cannot read, so nothing else can be graded until the file parses.",
  fix:
    "Each instruction starts with a keyword such as FROM, RUN, COPY or CMD, " +
    "and the first one (after optional ARGs) must be FROM.",
  lesson: LESSONS.serviceDockerfile,
};

export function dockerfileParses(error?: { message: string; line?: number; fix?: string }): CheckResult {
  if (!error)
    return toCheckResult(DOCKERFILE_PARSES, pass("Every line is a known Dockerfile instruction and FROM comes first."));
  return toCheckResult(
    DOCKERFILE_PARSES,
    fail({ message: error.message, location: error.line ? `Dockerfile:${error.line}` : undefined, fix: error.fix }),
  );
}
