import {
  commandHas,
  composeServiceOf,
  describeState,
  imageIdOf,
  type LabCheckOutcome,
  type Of,
  shortId,
} from "./check-support";
import type { ContainerFacts, LabState } from "./lab-state";

type Problem = { found: string; hint: string };

export function containerOutcome(check: Of<"container">, state: LabState): LabCheckOutcome {
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
      hint:
        `Start it with docker run --name ${check.name} …; without --name, Docker picks a random name. If docker run ` +
        "answered an error (an image name misspelled: this lab cannot download one; docker images lists those " +
        "it has), no container was made.",
    };
  const [first] = containerProblems(check, container, state);
  if (!first) return { ok: true, found: `The container ${check.name} is ${describeState(container)}, as asked.` };
  return { ok: false, found: first.found, hint: first.hint };
}

/** In the order a learner should fix them: the container's state first, then how it was created. */
function containerProblems(check: Of<"container">, c: ContainerFacts, state: LabState): Problem[] {
  const service = composeServiceOf(c.labels)?.service;
  // A Compose service's container is made from compose.yaml: a docker run in its place leaves Compose's stack.
  const recreate = service
    ? `Settings like this are fixed when a container is created: put it in compose.yaml under ${service}, then ` +
      "docker compose up -d creates the container again with it."
    : `Settings like this are fixed when a container is created: docker rm -f ${c.name}, ` +
      "then docker run again with it.";
  return [
    ...stateProblems(check, c),
    ...imageProblems(check, c, state, recreate),
    ...healthProblems(check, c),
    ...settingProblems(check, c, recreate),
  ];
}

function stateProblems(check: Of<"container">, c: ContainerFacts): Problem[] {
  const problems: Problem[] = [];
  if (check.state === "running" && !c.running)
    problems.push({
      found: `The container ${c.name} exists but ${describeState(c)}.`,
      hint: c.oomKilled
        ? `It was killed for using more memory than it may: read docker logs ${c.name}, then give it less ` +
          "work or more memory (--memory)."
        : c.exitCode !== 0
          ? `Read docker logs ${c.name} for why it exited with code ${c.exitCode}. docker start ${c.name} runs ` +
            "it again as it was created; a setting it lacks (an environment variable, a mount, a port) needs a " +
            `new container: docker rm ${c.name}, then docker run with it.`
          : "Its program ended on its own (code 0): a server must keep running in the foreground. " +
            `docker logs ${c.name} shows what it did.`,
    });
  // A container made and never started has exit code 0 too: it did not run, so it did not end.
  if (check.state === "exited" && !c.running && c.startedAt === undefined)
    problems.push({
      found: `The container ${c.name} was created but never started: it has not run, so it has not exited.`,
      hint: `docker start ${c.name} runs it (docker run creates and starts in one step).`,
    });
  if (check.state === "exited" && c.running)
    problems.push({
      found: `The container ${c.name} is still running.`,
      hint:
        check.exitCode === 137
          ? `Kill it: docker kill ${c.name} sends SIGKILL at once (exit code 128 + 9).`
          : `Stop it: docker stop ${c.name} (SIGTERM, then SIGKILL after the grace period).`,
    });
  if (
    check.state === "exited" &&
    !c.running &&
    c.startedAt !== undefined &&
    check.exitCode !== undefined &&
    c.exitCode !== check.exitCode
  )
    problems.push({
      found: `The container ${c.name} exited with code ${c.exitCode}, not ${check.exitCode}.`,
      hint: `docker inspect -f '{{.State.ExitCode}}' ${c.name} shows the code; docker logs ${c.name} shows why.`,
    });
  return problems;
}

function imageProblems(check: Of<"container">, c: ContainerFacts, state: LabState, recreate: string): Problem[] {
  const problems: Problem[] = [];
  const missing = check.command.filter((words) => !commandHas(c.commandLine, words));
  if (missing.length > 0)
    problems.push({
      found:
        `The container ${c.name} ran \`${c.commandLine.slice(0, 160)}\`, which is not ` +
        `${missing.map((w) => `\`${w}\``).join(" and ")}.`,
      hint:
        "What a container runs is fixed when it is created: the image's CMD, or the command after the image name " +
        `in docker run. docker rm ${c.name}, then run it again with the command the task names.`,
    });
  if (check.image && c.image !== check.image && !c.imageAliases.includes(check.image))
    problems.push({ found: `The container ${c.name} runs ${c.image}, not ${check.image}.`, hint: recreate });
  if (check.sameImageAs) {
    const wanted = imageIdOf(state, check.sameImageAs);
    if (!wanted)
      problems.push({
        found: `There is no image ${check.sameImageAs} in the lab to compare ${c.name} with.`,
        hint:
          `docker images lists what is there; docker pull ${check.sameImageAs} or ` +
          `docker build -t ${check.sameImageAs} .`,
      });
    else if (wanted !== c.imageId) {
      const names = c.imageAliases.filter((a) => !a.includes("@"));
      problems.push({
        found:
          `The container ${c.name} runs the image ${shortId(c.imageId)}` +
          `${names.length ? ` (${names.join(", ")})` : " (no tag names it now)"}, ` +
          `but ${check.sameImageAs} is ${shortId(wanted)}.`,
        hint:
          "A container keeps the image it was created from, even when a tag moves: " +
          `docker rm -f ${c.name}, then docker run … ${check.sameImageAs} with the same options.`,
      });
    }
  }
  if (check.byDigest !== undefined && c.byDigest !== check.byDigest) {
    const digest = c.imageAliases.find((a) => a.includes("@sha256:"));
    problems.push(
      c.byDigest
        ? {
            found: `The container ${c.name} was started by digest (${c.image}), not by a tag.`,
            hint: `docker rm -f ${c.name}, then docker run it by its tag again.`,
          }
        : {
            found: `The container ${c.name} was started from ${c.image}, a tag that a later push can move.`,
            hint: digest
              ? `Its image's digest is ${digest}. docker rm -f ${c.name}, then docker run … ${digest}.`
              : `docker inspect -f '{{index .RepoDigests 0}}' ${c.image} prints its digest once it has been pushed ` +
                `or pulled (a build alone gives none); then docker rm -f ${c.name} and docker run … <name>@sha256:….`,
          },
    );
  }
  return problems;
}

function healthProblems(check: Of<"container">, c: ContainerFacts): Problem[] {
  if (check.healthy === undefined || !c.running) return [];
  const healthy = c.health === "healthy";
  if (healthy === check.healthy) return [];
  const inspect = `docker inspect --format '{{json .State.Health}}' ${c.name}`;
  if (!check.healthy)
    return [{ found: `The container ${c.name} reports healthy.`, hint: `${inspect} shows what its probe checks.` }];
  if (c.health === "none")
    return [
      {
        found: `The container ${c.name} has no HEALTHCHECK, so Docker cannot say it is healthy.`,
        hint:
          "Add a HEALTHCHECK to its Dockerfile (or --health-cmd to docker run), then create the container again: " +
          `docker rm -f ${c.name} and docker run … .`,
      },
    ];
  if (c.health === "starting")
    return [
      {
        found: `The container ${c.name} is still starting: its health check has not passed yet.`,
        hint: `Give it a moment; ${inspect} shows each probe and what it printed.`,
      },
    ];
  return [
    {
      found:
        `The container ${c.name} is unhealthy` +
        `${c.healthOutput ? `; its last probe said: ${c.healthOutput.replace(/\s+/g, " ")}` : "."}`,
      hint: `${inspect} shows every probe's output; docker logs ${c.name} shows what the server did.`,
    },
  ];
}

function settingProblems(check: Of<"container">, c: ContainerFacts, recreate: string): Problem[] {
  const problems: Problem[] = [];
  if (check.restart && c.restart !== check.restart)
    problems.push({
      found: `The container ${c.name} has the restart policy ${c.restart}, not ${check.restart}.`,
      hint: `docker update --restart ${check.restart} ${c.name} changes it in place.`,
    });
  for (const entry of check.env) {
    if (c.env.includes(entry)) continue;
    const name = entry.slice(0, entry.indexOf("="));
    const actual = c.env.find((e) => e.startsWith(`${name}=`));
    problems.push({
      found: actual
        ? `The container ${c.name} has ${actual}, not ${entry}.`
        : `The container ${c.name} has no ${name} in its environment.`,
      hint: `Environment is fixed when a container is created: docker rm -f ${c.name}, then docker run -e ${entry} … .`,
    });
  }
  if (check.publishesNothing && c.publishes.length > 0)
    problems.push({
      found:
        `The container ${c.name} publishes ` +
        `${c.publishes.map((p) => `${p.hostIp || "*"}:${p.hostPort}->${p.port}`).join(", ")}` +
        ": the task asks for no published port.",
      hint: `Other containers reach it over its network by name; no -p is needed. ${recreate}`,
    });
  problems.push(...publishProblems(c, check.publishes, recreate));
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
    else if (want.readOnly !== undefined && mount.readOnly !== want.readOnly)
      problems.push({
        found:
          `At ${want.target}, ${c.name} has ${describeMount(mount)} mounted ` +
          `${mount.readOnly ? "read-only" : "read-write"}.`,
        hint: want.readOnly
          ? `Mount it read-only: -v ${want.volume ?? "<folder>"}:${want.target}:ro (or readonly in --mount). ` +
            recreate
          : `Mount it without :ro, so the container can write it. ${recreate}`,
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

type Publish = Of<"container">["publishes"][number];

/** How a learner asks for a published port: `-p 127.0.0.1:8080:8000` to docker run. */
const runFlag = (want: Publish, hostPort: string) =>
  `-p ${want.hostIp ? `${want.hostIp}:` : ""}${hostPort}:${want.port}`;

/**
 * What a container publishes against what a check wants, port by port: one rule for a container check and for a
 * Compose service's check, which asks it of each running replica. `spell` writes the setting the way the learner
 * gives it (a docker run flag, a line of compose.yaml); `recreate` says how to make the container again.
 */
export function publishProblems(
  c: ContainerFacts,
  wants: Publish[],
  recreate: string,
  spell: (want: Publish, hostPort: string) => string = runFlag,
): Problem[] {
  const problems: Problem[] = [];
  for (const want of wants) {
    const bindings = c.publishes.filter((p) => p.port === want.port);
    if (bindings.length === 0)
      problems.push({
        found: `The container ${c.name} publishes nothing for its port ${want.port}.`,
        hint: `Publish it: ${spell(want, String(want.hostPort ?? want.port))}. ${recreate}`,
      });
    else if (want.hostPort !== undefined && !bindings.some((b) => b.hostPort === want.hostPort))
      problems.push({
        found:
          `The container ${c.name} publishes its port ${want.port} on host port ` +
          `${bindings.map((b) => b.hostPort).join(", ")}, not ${want.hostPort}.`,
        hint: `${spell(want, String(want.hostPort))}. ${recreate}`,
      });
    else if (want.hostIp && bindings.some((b) => b.hostIp !== want.hostIp))
      problems.push({
        found:
          `The container ${c.name} publishes port ${want.port} on ` +
          `${bindings.map((b) => b.hostIp || "every interface").join(", ")}.`,
        hint: `Bind it to ${want.hostIp} only: ${spell(want, "<host port>")}. ${recreate}`,
      });
  }
  return problems;
}

function describeMount(mount: ContainerFacts["mounts"][number]): string {
  return mount.type === "bind" ? `the host folder ${mount.source}` : `the volume ${mount.name}`;
}
