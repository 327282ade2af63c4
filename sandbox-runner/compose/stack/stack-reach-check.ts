import { type CheckOutcome, type ComposeFile, type ExerciseChecks, fail, pass } from "../../grading/lib";
import { stackReachesServices } from "./stack-check-specs";
import type { StackOutcomes } from "./stack-outcomes";
import { describeAnswer, type StackProject } from "./stack-project";

/** What a check through the built service's API works with: `urlPath` is the route it asks. */
export interface StackApiCheck {
  project: StackProject;
  file: ComposeFile;
  outcomes: StackOutcomes;
  services: NonNullable<ExerciseChecks["compose"]>["services"];
  urlPath: string;
}

/** Whether the built service reports (at `urlPath`) that it reached every service it depends on. */
export async function checkReachesServices({
  project,
  file,
  outcomes,
  services,
  urlPath,
}: StackApiCheck): Promise<boolean> {
  const { builtService } = project;
  const dependencies = services[builtService]?.dependsOn ?? [];
  const reached = await project.callApi("GET", urlPath);
  const reach = await reachOutcome(file, builtService, dependencies, reached, urlPath);
  outcomes.record(stackReachesServices, reach);
  return reach.status === "pass";
}

/** The built service's own report of its dependencies: `{"cache": true}`, or what failed instead of true. */
async function reachOutcome(
  file: ComposeFile,
  service: string,
  dependencies: readonly string[],
  answer: { status?: number | null; body?: string; error?: unknown },
  urlPath: string,
): Promise<CheckOutcome> {
  const where = file.at(["services", service, "environment"]);
  if (!("status" in answer) || answer.status !== 200)
    return fail({
      message: `GET ${urlPath} on ${service} did not answer 200: ${describeAnswer(answer)}`,
      location: where,
    });
  let report: Record<string, unknown>;
  try {
    report = JSON.parse(answer.body ?? "") as Record<string, unknown>;
  } catch {
    return fail({ message: `GET ${urlPath} on ${service} did not answer JSON.`, location: where });
  }
  const missed = dependencies.filter((d) => report[d] !== true);
  if (missed.length === 0)
    return pass(`${service} reached ${dependencies.join(", ")} by name from its container.`, answer.body);
  return fail(
    ...missed.map((d) => ({
      message: `${service} did not reach ${d}: ${d in report ? String(report[d]) : "it reports nothing about it"}.`,
      location: where,
      evidence: answer.body,
    })),
  );
}
