import type { CheckResult } from "../../lib/grading/result-schema";

/**
 * The walking skeleton's two checks. The full catalogue (size, cache,
 * security, runtime, GPU) replaces this module in the grading-engine issue.
 */
const LESSON = "containers-vs-vms";

export function dockerfileParses(error?: { message: string; line?: number }): CheckResult {
  return {
    id: "correctness.dockerfile-syntax",
    category: "correctness",
    title: "The Dockerfile parses",
    status: error ? "fail" : "pass",
    points: error ? 0 : 1,
    maxPoints: 1,
    message: error ? error.message : "Every line is a known Dockerfile instruction and FROM comes first.",
    location: error?.line ? `Dockerfile:${error.line}` : undefined,
    fix: "Each instruction starts with a keyword such as FROM, RUN, COPY or CMD, and the first one (after optional ARGs) must be FROM.",
    lesson: LESSON,
  };
}

export function imageBuilds(failure?: { message: string; location?: string; instruction?: string; timedOut: boolean; fix?: string }): CheckResult {
  if (!failure) {
    return {
      id: "correctness.image-builds",
      category: "correctness",
      title: "The image builds",
      status: "pass",
      points: 1,
      maxPoints: 1,
      message: "docker build finished and produced an image.",
      fix: "Nothing to fix.",
      lesson: LESSON,
    };
  }
  const where = failure.instruction ? ` while running \`${failure.instruction}\`` : "";
  return {
    id: "correctness.image-builds",
    category: "correctness",
    title: "The image builds",
    status: "fail",
    points: 0,
    maxPoints: 1,
    message: `The build failed${where}: ${failure.message}`,
    location: failure.location,
    evidence: failure.message,
    fix: failure.fix ?? (failure.timedOut
      ? "Make the slow step faster or remove it; builds here must finish within the time limit."
      : "Read the last lines of the build log above: they show the command's own error. Builds here have no internet access, so steps that download from the internet fail; use the base images and packages the exercise provides."),
    lesson: LESSON,
  };
}
