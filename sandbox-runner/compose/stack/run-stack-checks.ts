import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { containerLogText } from "../../docker/container-logs";
import { ignoreNotFound } from "../../docker/docker-error";
import { engineEndpoint } from "../../docker/engine";
import { execCapture } from "../../docker/exec-capture";
import { BASE_IMAGES, SERVICE_IMAGES } from "../../images/base-images";
import { RUN_LIMITS_DEFAULT } from "../../limits";
import { ownerLabels } from "../../owner-labels";
import { HTTP_PROBE_SCRIPT } from "../../run/http-probe-script";
import type { CheckResult, ComposeFile, ExerciseChecks, SubmittedFile } from "../../shared";
import {
  type CheckOutcome,
  type CheckSpec,
  type Finding,
  fail,
  parseCompose,
  pass,
  skipped,
  toCheckResult,
} from "../../shared";
import { composeCliEnv } from "../compose-plugin";
import { findOutsidePaths } from "../outside-paths";
import { runCli } from "../run-cli";
import {
  STACK_CHECKS,
  stackDataSurvives,
  stackPortsLocal,
  stackReachesServices,
  stackScales,
  stackStartOrder,
  stackStarts,
} from "./stack-check-specs";
import { collectStackEvents } from "./stack-events";
import { describeHeld, type MarkerReading, readMarkers, servicesWrong } from "./stack-marker";
import { networkKeys, type Refusal, stackModel } from "./stack-model";
import { createStackNetwork } from "./stack-network";
import { fixedHostPorts, openBindings } from "./stack-ports";
import { ensureStackNetworking } from "./stack-preflight";
import { startOrderProblems } from "./start-order";

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
}

const STACK_FILE = "dockyard-stack.json";
/** A `down` gives each container this long after SIGTERM. */
const STOP_SECONDS = 3;
/** Less time than this left, and an `up --wait` is not started: it could not finish. */
const MIN_UP_MS = 15_000;

class StackTimeUp extends Error {}

/**
 * The stack phase: starts the learner's Compose stack on the grader's engine, with the built service running the
 * graded image and every network internal, and measures what only a running stack shows. Bounded by `seconds` as a
 * whole; the project's containers, volumes and networks are removed at the end whatever happened.
 */
export async function runStackChecks(input: StackCheckInput): Promise<CheckResult[]> {
  const { docker, compose, log } = input;
  const stack = compose.stack;
  const deadline = Date.now() + input.seconds * 1000;
  const left = () => deadline - Date.now();
  const project = `dockyard-stack-${input.submissionId.toLowerCase().replace(/[^a-z0-9_-]/g, "")}`;
  const labels = ownerLabels(input.submissionId);
  const builtService = Object.entries(compose.services).find(([, s]) => s.build)![0];
  const outcomes = new Map<string, CheckOutcome>();
  const record = (spec: CheckSpec, outcome: CheckOutcome) => {
    outcomes.set(spec.id, outcome);
    log(`stack: ${outcome.status}: ${spec.title}\n`);
  };
  /** Checks left out for a reason of their own (a failure an earlier check already reports). */
  const notChecked = new Map<string, string>();
  const results = (reason: string) =>
    STACK_CHECKS.map((spec) => {
      const outcome = outcomes.get(spec.id);
      if (outcome) return toCheckResult(spec, outcome);
      // Not measured counts as lost, as for checks a failed build never reached.
      const why = notChecked.get(spec.id) ?? reason;
      return { ...toCheckResult(spec, skipped(`Not checked: ${why}`)), maxPoints: spec.points };
    });

  const text = input.files.find((f) => f.path === compose.file)?.content;
  const parsed = text === undefined ? undefined : parseCompose(compose.file, text);
  if (!parsed?.ok) return results(`there is no ${compose.file} that parses, so the stack was not started.`);
  const file = parsed.file;
  if (findOutsidePaths(file.data).length > 0)
    return results(`${compose.file} names files outside the exercise folder, so the stack was not started.`);

  const dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-stack-"));
  const networks: string[] = [];
  let started = false;
  const cli = (args: string[], ms: number, composeFile = STACK_FILE, pastDeadline = false) =>
    runCli(
      engineEndpoint().cli,
      ["compose", "--project-directory", dir, "-p", project, "-f", path.join(dir, composeFile), ...args],
      { cwd: dir, env: composeCliEnv(dir), timeoutMs: pastDeadline ? ms : Math.max(1000, Math.min(ms, left())) },
    );
  const up = async (extra: string[] = []) => {
    // A stack cut short by the clock has not failed: what is left is reported as not measured.
    if (left() < MIN_UP_MS) throw new StackTimeUp();
    const waitSeconds = Math.max(5, Math.floor(left() / 1000) - 5);
    log(`stack: docker compose up --wait ${extra.join(" ")}\n`);
    const result = await cli(
      ["up", "--detach", "--wait", "--wait-timeout", String(waitSeconds), "--pull", "never", "--no-build", ...extra],
      (waitSeconds + 10) * 1000,
    );
    if (result.exitCode !== 0) log(tail(result.stderr, 20));
    return result.exitCode === 0;
  };
  const down = async (volumes: boolean) => {
    log(`stack: docker compose down${volumes ? " -v" : ""}\n`);
    const args = ["down", "--timeout", String(STOP_SECONDS), ...(volumes ? ["--volumes", "--remove-orphans"] : [])];
    return (await cli(args, 30_000)).exitCode === 0;
  };
  const containers = async (service?: string) =>
    docker.listContainers({
      all: true,
      filters: {
        label: [`com.docker.compose.project=${project}`, ...(service ? [`com.docker.compose.service=${service}`] : [])],
      },
    });
  const callApi = async (method: "GET" | "POST", urlPath: string, body = "") => {
    const running = (await containers(builtService)).find((c) => c.State === "running");
    if (!running) return { error: `no ${builtService} container is running` };
    const url = `http://127.0.0.1:${input.port}${urlPath}`;
    const result = await execCapture(
      docker.getContainer(running.Id),
      ["python3", "-c", HTTP_PROBE_SCRIPT, url, method, body, "5"],
      Math.min(10_000, Math.max(1000, left())),
    );
    try {
      return JSON.parse(result.stdout) as { status: number | null; body: string; error: string | null };
    } catch {
      return { error: `the probe printed no answer: ${tail(result.stderr || result.stdout, 3)}` };
    }
  };

  try {
    for (const f of input.files) {
      const target = path.join(dir, f.path);
      if (!target.startsWith(`${dir}${path.sep}`)) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, f.content);
    }
    const config = await cli(["config", "--format", "json"], 15_000, compose.file);
    if (config.exitCode !== 0) {
      log(`stack: docker compose config: ${tail(config.stderr, 5) || "no output"}`);
      return results(`docker compose config refused ${compose.file} (its checks say why), so nothing was started.`);
    }
    const normalised = JSON.parse(config.stdout) as { services?: Record<string, unknown> };

    const made: Record<string, string> = {};
    for (const key of networkKeys(normalised)) {
      const name = `${project}_${key}`;
      await createStackNetwork(docker, name, labels);
      networks.push(name);
      made[key] = name;
    }
    const model = stackModel(normalised, {
      project,
      projectDir: dir,
      builtService,
      builtImage: input.image,
      allowedImages: [...SERVICE_IMAGES, ...BASE_IMAGES],
      labels,
      networks: made,
      memoryBytes: input.memoryBytes,
      pids: RUN_LIMITS_DEFAULT.pids,
      cpus: RUN_LIMITS_DEFAULT.cpus,
    });
    if (!model.ok) {
      record(stackStarts, fail(...model.refusals.map((r) => refusalFinding(file, r))));
      return results("the grader did not start the stack.");
    }
    // Throws past the checks when the engine cannot carry a stack's traffic: a grader error, not a learner's fail.
    await ensureStackNetworking(docker, labels);
    await writeFile(path.join(dir, STACK_FILE), JSON.stringify(model.model, null, 2));
    started = true;

    // 1. up --wait, with the engine's events recorded for the start order.
    const events = await collectStackEvents(docker, project);
    const ready = await up().finally(() => events.stop());
    if (!ready) {
      record(stackStarts, fail(...(await whyNotHealthy(docker, await containers(), file))));
      return results("the stack did not start.");
    }
    record(stackStarts, pass(`Every service of the stack is running and healthy (${project}).`));

    const dependsOn = Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, s.dependsOn]));
    const order = startOrderProblems(events.list(), dependsOn);
    record(
      stackStartOrder,
      order.length
        ? fail(...order.map((p) => ({ message: p.message, location: file.at(["services", p.service, "depends_on"]) })))
        : pass("Every service started after the services it depends on reported healthy."),
    );

    const reached = await callApi("GET", stack.dependencies);
    const reach = await reachOutcome(file, builtService, dependsOn[builtService] ?? [], reached, stack.dependencies);
    record(stackReachesServices, reach);

    const open: Finding[] = [];
    for (const c of await containers()) {
      const info = await docker.getContainer(c.Id).inspect();
      const service = c.Labels["com.docker.compose.service"] ?? c.Names[0] ?? c.Id;
      for (const binding of openBindings(info.HostConfig.PortBindings as Parameters<typeof openBindings>[0]))
        open.push({
          message: `${service} asks the engine to publish ${binding}: every interface of the host.`,
          location: file.at(["services", service, "ports"]),
        });
    }
    record(
      stackPortsLocal,
      open.length
        ? fail(...open)
        : pass("Every port binding of the running stack is on 127.0.0.1 (on this grader nothing leaves its network)."),
    );

    // 2. A marker through the API, in every stateful service: kept by down + up, gone after down -v + up.
    const stateful = Object.entries(compose.services)
      .filter(([, s]) => s.stateful)
      .map(([name]) => name);
    const dataAt = (message: string, service = stateful[0] ?? builtService): Finding => ({
      message,
      location: file.at(["services", service, "volumes"]),
    });
    const readBack = async (): Promise<MarkerReading> => {
      const answer = await callApi("GET", stack.marker);
      if (!("status" in answer) || answer.status !== 200) return { ok: false, problem: describe(answer) };
      return readMarkers(answer.body, stateful);
    };
    const marker = `dockyard-${randomBytes(6).toString("hex")}`;
    const stored =
      reach.status === "pass" ? await callApi("POST", stack.marker, JSON.stringify({ value: marker })) : undefined;
    if (!stored) {
      notChecked.set(stackDataSurvives.id, `${builtService} did not reach its services, so no data went through it.`);
    } else if (!("status" in stored) || stored.status === null || stored.status >= 300) {
      record(stackDataSurvives, fail(dataAt(`Storing a marker (POST ${stack.marker}) failed: ${describe(stored)}`)));
    } else if (!(await down(false)) || !(await up())) {
      record(stackDataSurvives, fail(dataAt("After docker compose down, the stack did not come up --wait again.")));
    } else {
      const afterDown = await readBack();
      const lost = afterDown.ok ? servicesWrong(afterDown.held, marker, true) : [];
      if (!afterDown.ok) {
        record(
          stackDataSurvives,
          fail(dataAt(`After down and up, GET ${stack.marker} read nothing back: ${afterDown.problem}.`)),
        );
      } else if (lost.length > 0) {
        const findings = lost.map((service) =>
          dataAt(
            `After docker compose down and up, ${service} no longer holds the marker stored before (it holds ` +
              `${describeHeld(afterDown.held.get(service))}): its data was in the removed container, not on a ` +
              "named volume.",
            service,
          ),
        );
        record(stackDataSurvives, fail(...findings));
      } else if (!(await down(true)) || !(await up())) {
        record(stackDataSurvives, fail(dataAt("After docker compose down -v, the stack did not come up again.")));
      } else {
        const afterRemove = await readBack();
        const kept = afterRemove.ok ? servicesWrong(afterRemove.held, marker, false) : [];
        const findings = afterRemove.ok
          ? kept.map((service) =>
              dataAt(
                `After docker compose down -v, ${service} still holds the marker: its data lives outside the ` +
                  "stack's named volumes (a host folder, say), so down -v cannot remove it.",
                service,
              ),
            )
          : [dataAt(`After down -v and up, GET ${stack.marker} read nothing back: ${afterRemove.problem}.`)];
        record(
          stackDataSurvives,
          findings.length
            ? fail(...findings)
            : pass(
                `The marker survived down and up in ${stateful.join(", ")}, and down -v removed it with the named ` +
                  "volumes.",
              ),
        );
      }
    }

    // 3. Replicas of the built service.
    const fixed = fixedHostPorts(normalised.services?.[builtService]);
    const scaled = await up(["--scale", `${builtService}=${stack.scale}`]);
    const replicas = await Promise.all(
      (await containers(builtService)).map((c) => docker.getContainer(c.Id).inspect()),
    );
    const healthy = replicas.filter((r) => r.State.Running && (r.State.Health?.Status ?? "healthy") === "healthy");
    const findings: Finding[] = [];
    if (!scaled || healthy.length < stack.scale)
      findings.push({
        message:
          `docker compose up --wait --scale ${builtService}=${stack.scale} gave ${healthy.length} running, healthy ` +
          `${builtService} container(s), not ${stack.scale}.`,
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
    record(
      stackScales,
      findings.length
        ? fail(...findings)
        : pass(`${stack.scale} replicas of ${builtService} ran healthy, each with a host port of its own.`),
    );
    return results("the stack phase reached its time limit first.");
  } catch (err) {
    if (!(err instanceof StackTimeUp)) throw err;
    log(`stack: stopped at the stack phase's limit of ${input.seconds} s\n`);
    return results(`the stack phase reached its limit of ${input.seconds} s first.`);
  } finally {
    // Past the deadline too: the submission's cleanup removes what this leaves, by label.
    if (started) {
      const args = ["down", "--volumes", "--remove-orphans", "--timeout", "1"];
      const removed = await cli(args, 30_000, STACK_FILE, true);
      if (removed.exitCode !== 0) log(tail(removed.stderr, 5));
    }
    for (const name of networks) await ignoreNotFound(docker.getNetwork(name).remove()).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
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
    return fail({ message: `GET ${urlPath} on ${service} did not answer 200: ${describe(answer)}`, location: where });
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

function describe(answer: { status?: number | null; body?: string; error?: unknown }): string {
  if (answer.error) return String(answer.error);
  return `status ${answer.status}, ${(answer.body ?? "").slice(0, 200) || "empty body"}`;
}

function tail(text: string, lines: number): string {
  const kept = text.trimEnd().split("\n").slice(-lines).join("\n");
  return kept ? `${kept}\n` : "";
}
