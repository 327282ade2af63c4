import type Docker from "dockerode";
import { runStackChecks } from "../compose/stack/run-stack-checks";
import type { CheckResult, Exercise, PhaseResult, SubmittedFile } from "../grading/lib";
import type { GradingSink } from "../grading-sink";
import { runPhase } from "./phase-timer";

/**
 * The stack phase, after the image phases: the learner's Compose stack started for real with the graded image
 * (sandbox-runner/compose/stack/). Only for exercises whose compose section has a stack; none otherwise.
 */
export async function runStackPhase(input: {
  docker: Docker;
  sink: GradingSink;
  phases: PhaseResult[];
  exercise: Exercise;
  submissionId: string;
  files: SubmittedFile[];
  image: string;
}): Promise<CheckResult[]> {
  const { spec } = input.exercise;
  const compose = spec.checks.compose;
  const port = spec.checks.run?.port;
  if (!compose?.stack || port === undefined) return [];
  const stack = compose.stack;
  const found = await runPhase(input.sink, input.phases, "stack", async () => {
    const checks = await runStackChecks({
      docker: input.docker,
      submissionId: input.submissionId,
      files: input.files,
      compose: { ...compose, stack },
      port,
      image: input.image,
      seconds: spec.limits.stackSeconds,
      memoryBytes: spec.limits.runMemoryMB * 1024 * 1024,
      log: (text) => input.sink.log(text),
    });
    return { status: checks.some((c) => c.status === "fail") ? "failed" : "passed", value: checks };
  });
  return found ?? [];
}
