import { randomBytes } from "node:crypto";
import { type CheckOutcome, type Finding, fail, pass } from "../../grading/lib";
import { stackDataSurvives } from "./stack-check-specs";
import { describeHeld, type MarkerReading, readMarkers, servicesWrong } from "./stack-marker";
import { describeAnswer } from "./stack-project";
import type { StackApiCheck } from "./stack-reach-check";

/** One marker's round through the stack: stored through the API, then read back after down and after down -v. */
interface MarkerTrial extends Pick<StackApiCheck, "project" | "urlPath"> {
  stateful: string[];
  marker: string;
  /** A finding on a service's volumes: the first stateful service's when no service is named. */
  at: (message: string, service?: string) => Finding;
}

/**
 * A marker through the API, in every stateful service: kept by down + up, gone after down -v + up. Only when the
 * built service reached its services (`reached`); otherwise no data could go through it.
 */
export async function checkDataSurvives({
  project,
  file,
  outcomes,
  services,
  urlPath,
  reached,
}: StackApiCheck & { reached: boolean }): Promise<void> {
  const { builtService } = project;
  const stateful = Object.entries(services)
    .filter(([, s]) => s.stateful)
    .map(([name]) => name);
  const at = (message: string, service = stateful[0] ?? builtService): Finding => ({
    message,
    location: file.at(["services", service, "volumes"]),
  });
  const marker = `dockyard-${randomBytes(6).toString("hex")}`;
  const stored = reached ? await project.callApi("POST", urlPath, JSON.stringify({ value: marker })) : undefined;
  if (!stored) {
    outcomes.leaveOut(stackDataSurvives, `${builtService} did not reach its services, so no data went through it.`);
  } else if (!("status" in stored) || stored.status === null || stored.status >= 300) {
    outcomes.record(
      stackDataSurvives,
      fail(at(`Storing a marker (POST ${urlPath}) failed: ${describeAnswer(stored)}`)),
    );
  } else {
    outcomes.record(stackDataSurvives, await markerOutcome({ project, urlPath, stateful, marker, at }));
  }
}

async function markerOutcome(trial: MarkerTrial): Promise<CheckOutcome> {
  const { project, at } = trial;
  if (!(await project.down(false)) || !(await project.up()))
    return fail(at("After docker compose down, the stack did not come up --wait again."));
  const lost = await lostByDown(trial);
  if (lost.length > 0) return fail(...lost);
  if (!(await project.down(true)) || !(await project.up()))
    return fail(at("After docker compose down -v, the stack did not come up again."));
  const kept = await keptByDownVolumes(trial);
  if (kept.length > 0) return fail(...kept);
  return pass(
    `The marker survived down and up in ${trial.stateful.join(", ")}, and down -v removed it with the named volumes.`,
  );
}

/** After down and up: the services that no longer hold the marker, or why it could not be read back. */
async function lostByDown(trial: MarkerTrial): Promise<Finding[]> {
  const afterDown = await readBack(trial);
  if (!afterDown.ok)
    return [trial.at(`After down and up, GET ${trial.urlPath} read nothing back: ${afterDown.problem}.`)];
  return servicesWrong(afterDown.held, trial.marker, true).map((service) =>
    trial.at(
      `After docker compose down and up, ${service} no longer holds the marker stored before (it holds ` +
        `${describeHeld(afterDown.held.get(service))}): its data was in the removed container, not on a ` +
        "named volume.",
      service,
    ),
  );
}

/** After down -v and up: the services that still hold the marker, or why it could not be read back. */
async function keptByDownVolumes(trial: MarkerTrial): Promise<Finding[]> {
  const afterRemove = await readBack(trial);
  if (!afterRemove.ok)
    return [trial.at(`After down -v and up, GET ${trial.urlPath} read nothing back: ${afterRemove.problem}.`)];
  return servicesWrong(afterRemove.held, trial.marker, false).map((service) =>
    trial.at(
      `After docker compose down -v, ${service} still holds the marker: its data lives outside the ` +
        "stack's named volumes (a host folder, say), so down -v cannot remove it.",
      service,
    ),
  );
}

async function readBack(trial: MarkerTrial): Promise<MarkerReading> {
  const answer = await trial.project.callApi("GET", trial.urlPath);
  if (!("status" in answer) || answer.status !== 200) return { ok: false, problem: describeAnswer(answer) };
  return readMarkers(answer.body, trial.stateful);
}
