import type Docker from "dockerode";
import { containerLogText } from "../../docker/container-logs";
import { ignoreNotFound } from "../../docker/docker-error";
import type { CheckResult, ComposeFile, ExerciseChecks, SubmittedFile } from "../../grading/lib";
import { type Finding, fail, PlatformFault, parseCompose, pass } from "../../grading/lib";
import { BASE_IMAGES, SERVICE_IMAGES } from "../../images/base-images";
import { RUN_LIMITS } from "../../limits";
import { ownerLabels } from "../../owner-labels";
import { type HostLoad, hostLoad } from "../../run/host-busy";
import { writeSubmission } from "../compose-config";
import { findOutsidePaths } from "../outside-paths";
import { stackPortsLocal, stackScales, stackStartOrder, stackStarts } from "./stack-check-specs";
import { checkDataSurvives } from "./stack-data-check";
import { collectStackEvents } from "./stack-events";
import { networkKeys, type Refusal, stackModel } from "./stack-model";
import { StackOutcomes } from "./stack-outcomes";
import { fixedHostPorts, openBindings } from "./stack-ports";
import { ensureStackNetworking } from "./stack-preflight";
import { type NormalisedConfig, StackProject, StackTimeUp } from "./stack-project";
import { checkReachesServices } from "./stack-reach-check";
import { startOrderProblems } from "./start-order";
import { tail } from "./tail";

type ComposeParams = NonNullable<ExerciseChecks["compose"]>;

export interface StackCheckInput {
  docker: Docker;
  submissionId: string;
  files: SubmittedFile[];
  compose: ComposeParams & { stack: NonNullable<ComposeParams["stack"]> };
  /** The built service's port, inside its container. */
  port: number;
  /** The graded image (its tag), which the built service runs instead of building. */
  image: string;
  seconds: number;
  memoryBytes: number;
  log: (text: string) => void;
  /** Whether the grading machine is contended (host-busy.ts); a test gives its own. */
  hostLoad?: () => Promise<HostLoad>;
}

/** What each step of the phase works with. */
interface StackRun {
  input: StackCheckInput;
  project: StackProject;
  /** The learner's Compose file, where findings point. */
  file: ComposeFile;
  outcomes: StackOutcomes;
}

/**
 * The stack phase: starts the learner's Compose stack on the grader's engine, with the built service running the
 * graded image and every network internal, and measures what only a running stack shows. Bounded by `seconds` as a
 * whole; the project's containers, volumes and networks are removed at the end whatever happened.
 */
export async function runStackChecks(input: StackCheckInput): Promise<CheckResult[]> {
  const { docker, compose, log } = input;
  const deadline = Date.now() + input.seconds * 1000;
  const name = `dockyard-stack-${input.submissionId.toLowerCase().replace(/[^a-z0-9_-]/g, "")}`;
  const builtService = Object.entries(compose.services).find(([, s]) => s.build)![0];
  const outcomes = new StackOutcomes(log);

  const read = readComposeFile(input);
  if (!read.ok) return outcomes.results(read.reason);
  const file = read.file;

  const project = await StackProject.open({
    docker,
    name,
    builtService,
    port: input.port,
    deadline,
    log,
    hostLoad: input.hostLoad,
  });
  const run: StackRun = { input, project, file, outcomes };
  try {
    const prepared = await prepareStack(run);
    if (!prepared.ok) return outcomes.results(prepared.reason);
    // 1. up --wait, with the engine's events recorded for the start order.
    if (!(await checkStackStarts(run))) return outcomes.results("the stack did not start.");
    const { services, stack } = compose;
    const reached = await checkReachesServices({ project, file, outcomes, services, urlPath: stack.dependencies });
    await checkPortsLocal(run);
    // 2. A marker through the API, in every stateful service: kept by down + up, gone after down -v + up.
    await checkDataSurvives({ project, file, outcomes, services, urlPath: stack.marker, reached });
    // 3. Replicas of the built service.
    await checkScales(run, prepared.config);
    return outcomes.results("the stack phase reached its time limit first.");
  } catch (err) {
    if (!(err instanceof StackTimeUp)) throw err;
    log(`stack: stopped at the stack phase's limit of ${input.seconds} s\n`);
    // A starved host spends the phase waiting on the engine: checks it left unmeasured are the host's, not lost.
    const load = await (input.hostLoad ?? hostLoad)();
    if (load.busy)
      throw new PlatformFault(
        "docker",
        `The stack phase reached its limit of ${input.seconds} s while ${load.detail}, so the checks it did not ` +
          "reach were not measured; nothing is held against the learner.",
      );
    return outcomes.results(`the stack phase reached its limit of ${input.seconds} s first.`);
  } finally {
    await project.remove();
  }
}

/** Why the phase stops before its checks: what the checks it did not reach report. */
type Stop = { ok: false; reason: string };

function stop(reason: string): Stop {
  return { ok: false, reason };
}

/** The learner's Compose file, or why the stack is not started at all. */
function readComposeFile(input: StackCheckInput): { ok: true; file: ComposeFile } | Stop {
  const { compose } = input;
  const text = input.files.find((f) => f.path === compose.file)?.content;
  const parsed = text === undefined ? undefined : parseCompose(compose.file, text);
  if (!parsed?.ok) return stop(`there is no ${compose.file} that parses, so the stack was not started.`);
  if (findOutsidePaths(parsed.file.data).length > 0)
    return stop(`${compose.file} names files outside the exercise folder, so the stack was not started.`);
  return { ok: true, file: parsed.file };
}

/**
 * Writes the submission and the grader's own stack file (from `docker compose config`'s reading of the learner's)
 * into the project, with the stack's networks created; or says why nothing was started.
 */
async function prepareStack({
  input,
  project,
  file,
  outcomes,
}: StackRun): Promise<{ ok: true; config: NormalisedConfig } | Stop> {
  const { docker, compose } = input;
  const labels = ownerLabels(input.submissionId);
  await writeSubmission(project.dir, input.files);
  const config = await project.normalisedConfig(compose.file);
  if (!config)
    return stop(`docker compose config refused ${compose.file} (its checks say why), so nothing was started.`);

  const made: Record<string, string> = {};
  for (const key of networkKeys(config)) made[key] = await project.createNetwork(key, labels);
  const model = stackModel(config, {
    project: project.name,
    projectDir: project.dir,
    builtService: project.builtService,
    builtImage: input.image,
    allowedImages: [...SERVICE_IMAGES, ...BASE_IMAGES],
    labels,
    networks: made,
    memoryBytes: input.memoryBytes,
    pids: RUN_LIMITS.pids,
    cpus: RUN_LIMITS.cpus,
  });
  if (!model.ok) {
    outcomes.record(stackStarts, fail(...model.refusals.map((r) => refusalFinding(file, r))));
    return stop("the grader did not start the stack.");
  }
  // Throws past the checks when the engine cannot carry a stack's traffic: a grader error, not a learner's fail.
  await ensureStackNetworking(docker, labels);
  await project.writeStackFile(model.model);
  return { ok: true, config };
}

/** Starts the stack and checks that it came up healthy, each service after those it depends on; false if not up. */
async function checkStackStarts(run: StackRun): Promise<boolean> {
  const { input, project, file, outcomes } = run;
  const { docker, compose } = input;
  const events = await collectStackEvents(docker, project.name);
  const ready = await project.up().finally(() => events.stop());
  if (!ready) {
    outcomes.record(stackStarts, fail(...(await whyNotHealthy(docker, await project.containers(), file))));
    return false;
  }
  outcomes.record(stackStarts, pass(`Every service of the stack is running and healthy (${project.name}).`));

  const dependsOn = Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, s.dependsOn]));
  const order = startOrderProblems(events.list(), dependsOn);
  outcomes.record(
    stackStartOrder,
    order.length
      ? fail(...order.map((p) => ({ message: p.message, location: file.at(["services", p.service, "depends_on"]) })))
      : pass("Every service started after the services it depends on reported healthy."),
  );
  return true;
}

async function checkPortsLocal({ input, project, file, outcomes }: StackRun): Promise<void> {
  const open: Finding[] = [];
  for (const c of await project.containers()) {
    const info = await input.docker.getContainer(c.Id).inspect();
    const service = c.Labels["com.docker.compose.service"] ?? c.Names[0] ?? c.Id;
    for (const binding of openBindings(info.HostConfig.PortBindings as Parameters<typeof openBindings>[0]))
      open.push({
        message: `${service} asks the engine to publish ${binding}: every interface of the host.`,
        location: file.at(["services", service, "ports"]),
      });
  }
  outcomes.record(
    stackPortsLocal,
    open.length
      ? fail(...open)
      : pass("Every port binding of the running stack is on 127.0.0.1 (on this grader nothing leaves its network)."),
  );
}

async function checkScales(run: StackRun, config: NormalisedConfig): Promise<void> {
  const { input, project, file, outcomes } = run;
  const { docker, compose } = input;
  const { builtService } = project;
  const { scale } = compose.stack;
  const fixed = fixedHostPorts(config.services?.[builtService]);
  const scaled = await project.up(["--scale", `${builtService}=${scale}`], builtService);
  const replicas = await Promise.all(
    (await project.containers(builtService)).map((c) => docker.getContainer(c.Id).inspect()),
  );
  const healthy = replicas.filter((r) => r.State.Running && (r.State.Health?.Status ?? "healthy") === "healthy");
  const findings: Finding[] = [];
  if (!scaled || healthy.length < scale)
    findings.push({
      message:
        `docker compose up --wait --scale ${builtService}=${scale} gave ${healthy.length} running, healthy ` +
        `${builtService} container(s), not ${scale}.`,
      location: file.at(["services", builtService]),
    });
  for (const port of fixed)
    findings.push({
      message:
        `${builtService} publishes the fixed host port ${port.published}: on a real host its second replica ` +
        `fails with "port is already allocated" (this grader's internal network publishes nothing, so it ` +
        `reads this from the file).`,
      location: file.at(["services", builtService, "ports", port.index]),
    });
  outcomes.record(
    stackScales,
    findings.length
      ? fail(...findings)
      : pass(`${scale} replicas of ${builtService} ran healthy, each with a host port of its own.`),
  );
}

function refusalFinding(file: ComposeFile, refusal: Refusal): Finding {
  return { message: `The grader did not start the stack: ${refusal.message}`, location: file.at(refusal.keys) };
}

async function whyNotHealthy(docker: Docker, list: Docker.ContainerInfo[], file: ComposeFile): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const c of list) {
    const info = await ignoreNotFound(docker.getContainer(c.Id).inspect());
    if (!info) continue;
    const service = c.Labels["com.docker.compose.service"] ?? c.Id;
    const health = info.State.Health;
    const lastCheck = health?.Log?.at(-1)?.Output?.trim();
    let message: string | undefined;
    if (!info.State.Running) message = `${service} exited with code ${info.State.ExitCode}.`;
    else if (health && health.Status !== "healthy")
      message = `${service} is ${health.Status}${lastCheck ? `; its last healthcheck said: ${lastCheck}` : ""}.`;
    if (!message) continue;
    const logs = await containerLogText(docker.getContainer(c.Id), 10);
    findings.push({ message, location: file.at(["services", service]), evidence: tail(logs, 10) });
  }
  if (findings.length === 0)
    findings.push({ message: "docker compose up --wait did not succeed (see the log).", location: file.at([]) });
  return findings;
}
