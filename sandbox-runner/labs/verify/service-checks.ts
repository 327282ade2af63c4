import {
  composeServiceOf,
  describeState,
  excerpt,
  isOneOff,
  type LabCheckOutcome,
  listed,
  type Of,
  posesAsService,
} from "./check-support";
import { publishProblems } from "./container-check";
import { type ContainerFacts, httpKey, type LabState } from "./lab-state";

/** Why containers with the service's labels are not its containers, as their labels show. */
function posingSentences(posers: readonly ContainerFacts[]): string {
  const [oneOffs, byHand] = [posers.filter((c) => isOneOff(c.labels)), posers.filter((c) => !isOneOff(c.labels))];
  const names = (cs: readonly ContainerFacts[]) => listed(cs.map((c) => c.name));
  const one = (cs: readonly ContainerFacts[], single: string, many: string) => (cs.length === 1 ? single : many);
  return [
    byHand.length
      ? ` ${names(byHand)} ${one(byHand, "has", "have")} the service's labels but ${one(byHand, "was", "were")} ` +
        "started by hand (docker run), which only borrows them from the image Compose built: that is not the service."
      : "",
    oneOffs.length
      ? ` ${names(oneOffs)} ${one(oneOffs, "is a one-off container", "are one-off containers")} of docker compose ` +
        "run: Compose labels them with the service but never counts them among its containers."
      : "",
  ].join("");
}

export function composeServiceOutcome(check: Of<"compose-service">, state: LabState): LabCheckOutcome {
  const { project, service } = check;
  const all = state.containers.filter((c) => composeServiceOf(c.labels)?.service === service);
  const mine = all.filter((c) => composeServiceOf(c.labels)?.project === project);
  const running = mine.filter((c) => c.running);
  const where = `the service ${service} (Compose project ${project})`;
  const runningOf = (n: number) => `${n} ${n === 1 ? "container" : "containers"} of ${where} ${n === 1 ? "is" : "are"}`;
  // Run by hand from the image Compose built (or by compose run): the service's labels, not the service.
  const posers = state.containers.filter((c) => c.running && posesAsService(c.labels, project, service));
  const posing = posingSentences(posers);
  if (mine.length === 0 && check.running > 0) {
    const elsewhere = [...new Set(all.map((c) => composeServiceOf(c.labels)?.project ?? "?"))];
    return {
      ok: false,
      found: `No container belongs to ${where}.${posing}`,
      hint: elsewhere.length
        ? `There is a service ${service} in the project ${listed(elsewhere)}: Compose names the project after the ` +
          `folder of compose.yaml unless it says name: or you pass -p ${project}. ` +
          `docker compose -p ${project} up -d ${service}.`
        : `In the folder of compose.yaml: docker compose up -d ${service} (docker compose ls lists the projects).`,
    };
  }
  if (running.length !== check.running) {
    const stopped = mine.filter((c) => !c.running);
    const why = stopped.length ? `; ${listed(stopped.map((c) => `${c.name} ${describeState(c)}`))}` : "";
    const found = `${runningOf(running.length)} running, not ${check.running}${why}.${posing}`;
    if (check.running === 0)
      return { ok: false, found, hint: `docker compose -p ${project} stop ${service}, or down to remove the stack.` };
    const neverStarted = stopped.find((c) => c.status === "created");
    if (neverStarted && running.length < check.running)
      return {
        ok: false,
        found,
        hint:
          `${neverStarted.name} was created but never started, so it has no logs: the error is in what docker ` +
          `compose up printed (a host port another container holds already is common when scaling; publish the ` +
          `port of one service only, or no fixed host port). Then docker compose -p ${project} up -d --scale ` +
          `${service}=${check.running}.`,
      };
    const failed = stopped.find((c) => c.exitCode !== 0 || c.oomKilled);
    return {
      ok: false,
      found,
      hint:
        failed && running.length < check.running
          ? `docker compose -p ${project} logs ${service} shows why ${failed.name} stopped; fix that, then ` +
            `docker compose -p ${project} up -d --scale ${service}=${check.running}.`
          : `docker compose -p ${project} up -d --scale ${service}=${check.running} runs exactly that many.`,
    };
  }
  if (check.healthy) {
    const unwell = running.filter((c) => c.health !== "healthy");
    if (unwell.length > 0)
      return {
        ok: false,
        found: `Of ${where}, ${listed(unwell.map((c) => `${c.name} is ${healthWord(c)}`))}.`,
        hint:
          `docker inspect --format '{{json .State.Health}}' ${unwell[0]!.name} shows its probes' output` +
          `${unwell.some((c) => c.health === "none") ? "; the service needs a healthcheck: in compose.yaml" : ""}.`,
      };
  }
  const configured = composeConfigProblem(check, running);
  if (configured) return configured;
  return {
    ok: true,
    found: `${runningOf(running.length)} running` + `${check.healthy && running.length > 0 ? " and healthy" : ""}.`,
  };
}

function healthWord(c: ContainerFacts): string {
  return c.health === "none" ? "without a healthcheck" : c.health;
}

export function httpOutcome(check: Of<"http">, state: LabState): LabCheckOutcome {
  const target = `127.0.0.1:${check.port}${check.path}`;
  const answer = state.http[httpKey(check.port, check.path)];
  if (!answer) return { ok: false, found: `${target} has not been asked yet.` };
  if (answer.status === null)
    return {
      ok: false,
      found: `Nothing answered GET ${target} in the lab (${answer.error ?? "no answer"}).`,
      hint: publisherHint(check.port, state),
    };
  const statusOk = answer.status === check.status;
  const bodyOk = !check.bodyIncludes || answer.body.includes(check.bodyIncludes);
  if (statusOk && bodyOk)
    return {
      ok: true,
      found: `GET ${target} answered ${answer.status}${check.bodyIncludes ? ` with "${check.bodyIncludes}"` : ""}.`,
    };
  const said = answer.body.trim() ? `: ${excerpt(answer.body)}` : " with an empty body";
  if (!statusOk)
    return {
      ok: false,
      found: `GET ${target} answered ${answer.status}, not ${check.status}${said}.`,
      hint: statusHint(answer.status, check, state),
    };
  return {
    ok: false,
    found: `GET ${target} answered ${answer.status}, but its body does not contain "${check.bodyIncludes}"${said}.`,
    hint: `${logsOf(check.port, state)}The check reads the first 2 KB of the answer.`,
  };
}

function publishers(port: number, state: LabState): ContainerFacts[] {
  return state.containers.filter((c) => c.publishes.some((p) => p.hostPort === port));
}

function logsOf(port: number, state: LabState): string {
  const [publisher] = publishers(port, state).filter((c) => c.running);
  return publisher ? `docker logs ${publisher.name} shows what its server did. ` : "";
}

/** Why nothing answers: nobody publishes the port, its container is down, or its server listens elsewhere. */
function publisherHint(port: number, state: LabState): string {
  const found = publishers(port, state);
  const running = found.filter((c) => c.running);
  if (running.length > 0) {
    const c = running[0]!;
    const binding = c.publishes.find((p) => p.hostPort === port)!;
    return (
      `${c.name} publishes ${port} to its port ${binding.port}, but nothing answers there: does its server listen ` +
      `on ${binding.port}, on 0.0.0.0 rather than the container's own 127.0.0.1? docker logs ${c.name} shows it.`
    );
  }
  const [stopped] = found;
  if (stopped)
    return `${stopped.name} would publish port ${port}, but it ${describeState(stopped)}: docker logs ${stopped.name}.`;
  return (
    `No container publishes port ${port} (docker ps shows the PORTS column): ` +
    `docker run -p 127.0.0.1:${port}:<container port> … .`
  );
}

function statusHint(status: number, check: Of<"http">, state: LabState): string {
  const logs = logsOf(check.port, state);
  if (status === 404)
    return (
      `The server answered 404 Not Found for ${check.path}: the path is wrong, or what it serves there does not ` +
      `exist yet. ${logs}`
    ).trim();
  if (status === 502 || status === 503 || status === 504)
    return (
      "A proxy answered, but could not reach the server behind it: is that container running, and on the " +
      `proxy's network? ${logs}`
    ).trim();
  if (status >= 500) return `The server failed on the request. ${logs || "docker logs <container> shows why."}`.trim();
  return `It answered ${status}. ${logs}`.trim();
}

/** The label Compose writes from compose.yaml's depends_on: `cache:service_healthy:false,db:service_started:true`. */
const DEPENDS_ON_LABEL = "com.docker.compose.depends_on";

/** `service:condition:restart` entries of the depends_on label, as service → condition. */
export function dependsOnOf(c: ContainerFacts): Record<string, string> {
  const said: Record<string, string> = {};
  for (const entry of (c.labels[DEPENDS_ON_LABEL] ?? "").split(",")) {
    const [service, condition] = entry.split(":");
    if (service && condition) said[service] = condition;
  }
  return said;
}

/**
 * What compose.yaml told Compose about the service, read from what Compose wrote on each of its running containers
 * when it made them (its depends_on, its mounts): the project's configuration, not the order things happened to
 * start in. A change to compose.yaml shows only once `docker compose up -d` has made the containers again.
 */
function composeConfigProblem(check: Of<"compose-service">, running: ContainerFacts[]): LabCheckOutcome | undefined {
  const { project, service } = check;
  const again = `then docker compose -p ${project} up -d, which makes its containers again with it`;
  for (const c of running) {
    const said = dependsOnOf(c);
    const wrong = Object.entries(check.dependsOn ?? {}).filter(([dep, condition]) => said[dep] !== condition);
    if (wrong.length > 0) {
      const [dep, condition] = wrong[0]!;
      return {
        ok: false,
        found: said[dep]
          ? `${c.name} was made to wait for ${dep} with condition ${said[dep]}, not ${condition}.`
          : `${c.name} was made with no depends_on ${dep} in compose.yaml: Compose starts it without waiting ` +
            `for ${dep}.`,
        hint: `Under ${service} in compose.yaml: depends_on: {${dep}: {condition: ${condition}}}; ${again}.`,
      };
    }
    // Each replica must publish as asked: a check of one replica by name (stack-api-1) would depend on the numbers
    // Compose happened to give, which a scale down and up again moves on.
    const [published] = publishProblems(
      c,
      check.publishes,
      `Then docker compose -p ${project} up -d, which makes its containers again with it.`,
      (want, hostPort) =>
        `under ${service} in compose.yaml, ports: ["${want.hostIp ? `${want.hostIp}:` : ""}${hostPort}:${want.port}"]` +
        " (a range such as 8000-8002 gives each replica its own host port)",
    );
    if (published) return { ok: false, ...published };
    for (const want of check.mounts) {
      const mount = c.mounts.find((m) => m.destination === want.target);
      const right =
        mount &&
        mount.type === want.type &&
        (!want.volume || mount.name === `${project}_${want.volume}` || mount.name === want.volume) &&
        (want.readOnly === undefined || mount.readOnly === want.readOnly);
      if (!right)
        return {
          ok: false,
          found: mount
            ? `At ${want.target}, ${c.name} has ` +
              `${mount.type === "bind" ? `the folder ${mount.source}` : `the volume ${mount.name}`}` +
              `${mount.readOnly ? " (read-only)" : ""}, not ` +
              `${want.volume ? `the volume ${want.volume}` : "a host folder"}` +
              `${want.readOnly ? " read-only" : ""}.`
            : `${c.name} has nothing mounted at ${want.target}.`,
          hint:
            `Under ${service} in compose.yaml: volumes: [${want.volume ?? "./folder"}:${want.target}` +
            `${want.readOnly ? ":ro" : ""}]` +
            `${want.volume ? `, and ${want.volume}: under the top-level volumes:` : ""}; ` +
            `${again}.`,
        };
    }
  }
  return undefined;
}
