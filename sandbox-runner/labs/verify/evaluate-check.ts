import type { LabCheck } from "../../shared";
import type { ContainerFacts, LabState } from "./lab-state";

export interface LabCheckOutcome {
  ok: boolean;
  /** What the lab's engine shows, in one sentence: the learner's evidence either way. */
  found: string;
  /** When not ok: the next step, computed from what is there (never a generic "try again"). */
  hint?: string;
}

type Of<K extends LabCheck["kind"]> = Extract<LabCheck, { kind: K }>;

/** One check against one snapshot of the lab engine's state (lab-state.ts). Pure: verifiers call it every poll. */
export function evaluateCheck(check: LabCheck, state: LabState): LabCheckOutcome {
  switch (check.kind) {
    case "container":
      return containerOutcome(check, state);
    case "volume": {
      const present = state.volumes.includes(check.name);
      if (present === check.present)
        return { ok: true, found: `The volume ${check.name} ${present ? "exists" : "is gone"}.` };
      return present
        ? {
            ok: false,
            found: `The volume ${check.name} still exists.`,
            hint: `Remove it: docker volume rm ${check.name} (a container that uses it must be removed first).`,
          }
        : {
            ok: false,
            found: `There is no volume named ${check.name}.`,
            hint: `Create it with docker volume create ${check.name}, or name it in -v ${check.name}:/path.`,
          };
    }
    case "network": {
      const network = state.networks.find((n) => n.name === check.name);
      if (!network)
        return {
          ok: false,
          found: `There is no network named ${check.name}.`,
          hint: `Create it: docker network create ${check.internal ? "--internal " : ""}${check.name}.`,
        };
      if (check.internal !== undefined && network.internal !== check.internal)
        return {
          ok: false,
          found: `The network ${check.name} is ${network.internal ? "" : "not "}internal.`,
          hint:
            `A network's internal setting cannot change: remove it (docker network rm ${check.name}) and ` +
            `create it ${check.internal ? "with" : "without"} --internal.`,
        };
      return { ok: true, found: `The network ${check.name} exists${network.internal ? " and is internal" : ""}.` };
    }
    case "image": {
      const present = state.images.includes(check.reference);
      if (present === check.present)
        return { ok: true, found: `The image ${check.reference} ${present ? "is there" : "is gone"}.` };
      return present
        ? {
            ok: false,
            found: `The image ${check.reference} is still there.`,
            hint: `Remove it: docker image rm ${check.reference}.`,
          }
        : {
            ok: false,
            found: `There is no image ${check.reference}.`,
            hint: `Build or tag it: docker tag <image> ${check.reference}, or docker build -t ${check.reference} .`,
          };
    }
  }
}

function containerOutcome(check: Of<"container">, state: LabState): LabCheckOutcome {
  const container = state.containers.find((c) => c.name === check.name);
  if (check.state === "removed")
    return container
      ? {
          ok: false,
          found: `The container ${check.name} still exists (${describeState(container)}).`,
          hint: `Remove it: docker rm ${container.running ? "-f " : ""}${check.name}.`,
        }
      : { ok: true, found: `There is no container named ${check.name}.` };
  if (!container)
    return {
      ok: false,
      found: `There is no container named ${check.name}.`,
      hint: `Start it with docker run --name ${check.name} …; without --name, Docker picks a random name.`,
    };
  const problems = containerProblems(check, container);
  if (problems.length === 0)
    return { ok: true, found: `The container ${check.name} is ${describeState(container)}, as asked.` };
  const [first] = problems;
  return { ok: false, found: first!.found, hint: first!.hint };
}

/** In the order a learner should fix them: the container's state first, then how it was created. */
function containerProblems(check: Of<"container">, c: ContainerFacts): Array<{ found: string; hint: string }> {
  const problems: Array<{ found: string; hint: string }> = [];
  const recreate =
    `Settings like this are fixed when a container is created: docker rm -f ${c.name}, ` +
    "then docker run again with it.";
  if (check.state === "running" && !c.running)
    problems.push({
      found: `The container ${c.name} exists but ${describeState(c)}.`,
      hint: c.oomKilled
        ? `It was killed for using more memory than it may: read docker logs ${c.name}, then give it less ` +
          "work or more memory (--memory)."
        : c.exitCode !== 0
          ? `Read docker logs ${c.name} for why it exited with code ${c.exitCode}, fix that, then ` +
            `docker start ${c.name}.`
          : "Its program ended on its own (code 0): a server must keep running in the foreground. " +
            `docker logs ${c.name} shows what it did.`,
    });
  if (check.state === "exited" && c.running)
    problems.push({
      found: `The container ${c.name} is still running.`,
      hint: `Stop it: docker stop ${c.name} (SIGTERM, then SIGKILL after the grace period).`,
    });
  if (check.state === "exited" && !c.running && check.exitCode !== undefined && c.exitCode !== check.exitCode)
    problems.push({
      found: `The container ${c.name} exited with code ${c.exitCode}, not ${check.exitCode}.`,
      hint: `docker inspect -f '{{.State.ExitCode}}' ${c.name} shows the code; docker logs ${c.name} shows why.`,
    });
  if (check.image && c.image !== check.image && !c.imageAliases.includes(check.image))
    problems.push({ found: `The container ${c.name} runs ${c.image}, not ${check.image}.`, hint: recreate });
  if (check.restart && c.restart !== check.restart)
    problems.push({
      found: `The container ${c.name} has the restart policy ${c.restart}, not ${check.restart}.`,
      hint: `docker update --restart ${check.restart} ${c.name} changes it in place.`,
    });
  for (const want of check.publishes) {
    const bindings = c.publishes.filter((p) => p.port === want.port);
    if (bindings.length === 0)
      problems.push({ found: `The container ${c.name} publishes nothing for its port ${want.port}.`, hint: recreate });
    else if (want.hostIp && bindings.some((b) => b.hostIp !== want.hostIp))
      problems.push({
        found:
          `The container ${c.name} publishes port ${want.port} on ` +
          `${bindings.map((b) => b.hostIp || "every interface").join(", ")}.`,
        hint: `Bind it to ${want.hostIp} only: -p ${want.hostIp}:<host port>:${want.port}. ${recreate}`,
      });
  }
  for (const want of check.mounts) {
    const mount = c.mounts.find((m) => m.destination === want.target);
    if (!mount)
      problems.push({ found: `The container ${c.name} has nothing mounted at ${want.target}.`, hint: recreate });
    else if (mount.type !== want.type || (want.volume && mount.name !== want.volume))
      problems.push({
        found: `At ${want.target}, ${c.name} has ${describeMount(mount)}, not ${
          want.volume ? `the volume ${want.volume}` : "a host folder"
        }.`,
        hint: recreate,
      });
  }
  for (const network of check.networks)
    if (!c.networks.includes(network))
      problems.push({
        found: `The container ${c.name} is not on the network ${network}.`,
        hint: `docker network connect ${network} ${c.name} adds it without a restart.`,
      });
  return problems;
}

function describeMount(mount: ContainerFacts["mounts"][number]): string {
  return mount.type === "bind" ? `the host folder ${mount.source}` : `the volume ${mount.name}`;
}

function describeState(c: ContainerFacts): string {
  if (c.running) return "running";
  if (c.oomKilled) return `exited with code ${c.exitCode} (killed for using too much memory)`;
  return c.status === "created" ? "was created but never started" : `exited with code ${c.exitCode}`;
}
