import { z } from "zod";
import type { LabCheck } from "../lib";
import {
  commandHas,
  composeServiceOf,
  createdByCompose,
  imageIdOf,
  isServiceContainer,
  type LabCheckOutcome,
  listed,
  type Of,
} from "./check-support";
import type { ContainerFacts, LabState } from "./lab-state";

/** One event of the lab engine's stream (`GET /events`), as far as the history reads it. */
const engineEventSchema = z.object({
  Type: z.string().max(32),
  Action: z.string().max(300),
  Actor: z
    .object({
      ID: z.string().max(300),
      Attributes: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  time: z.number().optional(),
  timeNano: z.number().optional(),
});
export type LabEngineEvent = z.infer<typeof engineEventSchema>;

/** One line of the engine's event stream; undefined for anything that is not an event (the engine is the lab's). */
export function parseEngineEvent(line: string): LabEngineEvent | undefined {
  try {
    const parsed = engineEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Entries kept per kind at most: a lab that makes thousands of containers costs the host no more memory. */
const MAX_REMEMBERED = 2000;

/**
 * Entries kept per container or reference at most: the commands of one container's run (a health check's probe is
 * one command however often it runs), the images a reference has named (the latest ones: a build moves a tag).
 */
const MAX_PER_ENTRY = 20;

/**
 * What the lab's engine has shown since the lab's watcher began: every container, volume, image and registry tag
 * seen, what was ever there to prune, how each container was last started, what it ran through exec and whether it
 * was restarted, and which image references were pulled after their last removal. A check that speaks of absence
 * ("removed", "pruned", "stopped") holds only with evidence that what is absent was there and went: at a lab's first
 * state nothing has been removed, whatever is missing. Fed every snapshot (rememberState) and every engine event
 * (rememberEvent: a container made and removed between two snapshots is still seen).
 */
export class LabHistory {
  private readonly containerNames = new Set<string>();
  /** Container name → the IDs of every container seen under it (a snapshot, a create or a rename event). */
  private readonly containerIds = new Map<string, Set<string>>();
  /** Container IDs seen stopped (or dying). */
  private readonly stoppedContainers = new Set<string>();
  private readonly volumes = new Set<string>();
  /** Volumes seen with no container mounting them, or deleted (the engine deletes no volume in use). */
  private readonly unusedVolumes = new Set<string>();
  private readonly images = new Set<string>();
  /** IDs of images seen without a tag. */
  private readonly untaggedImages = new Set<string>();
  /** `repository:tag` seen in the lab's registry. */
  private readonly registryTags = new Set<string>();
  /** `project/service` of Compose services seen with a running container. */
  private readonly composeRan = new Set<string>();
  private buildCacheSeen = false;
  /** Container ID → whether its latest start came after an attach: `docker run` or `compose up` without -d. */
  private readonly startedAttached = new Map<string, boolean>();
  private readonly attachedSinceStart = new Set<string>();
  /** Container ID → the commands it ran through exec (exec_start events) since its latest start. */
  private readonly execsSinceStart = new Map<string, Set<string>>();
  /** Container IDs that died (stopped, crashed, were killed) at least once. */
  private readonly diedContainers = new Set<string>();
  /** Container IDs started again after they died, or restarted: the same container, a new run. */
  private readonly restartedContainers = new Set<string>();
  /** Engine events seen, counted: what orders a pull after a removal. */
  private eventCount = 0;
  /** Image reference (a bare repository for `docker pull --all-tags`) → the event count at its latest pull. */
  private readonly pulls = new Map<string, number>();
  /** Image ID → the event count at its latest untag or delete (the events name the image, never the tag). */
  private readonly imageRemovals = new Map<string, number>();
  /** Image reference → the IDs of every image it was seen naming (a snapshot, or a tag event of a build). */
  private readonly referenceIds = new Map<string, Set<string>>();
  /** Image IDs there at the lab's first state (the images it started with, or kept work's): not built in it. */
  private firstImageIds: Set<string> | undefined;
  /** Image IDs that came by `docker load` or `docker image import`: named, not built. */
  private readonly loadedImages = new Set<string>();
  /** Image ID → the event count at its latest delete: the image itself left the engine (not only a tag of it). */
  private readonly imageDeletes = new Map<string, number>();
  /**
   * Image ID → the event count at its latest tag event. A build that hits the cache throughout makes the very image
   * it made before, ID and all: tagged after its delete, it came back by a build (a pull writes no tag event).
   */
  private readonly imageTaggedAt = new Map<string, number>();
  /** Container ID → how its latest run went, as the engine's events told: signals sent, how it died. */
  private readonly runs = new Map<string, ContainerRun>();
  /** Exec ID → the command it ran (its exec_start), until its exec_die says how it ended. */
  private readonly execCommands = new Map<string, { container: string; command: string }>();
  /** Container ID → the event count at its create event. */
  private readonly createdAt = new Map<string, number>();
  /** `project/service` → the event count at the latest removal of one of its containers. */
  private readonly serviceRemovedAt = new Map<string, number>();
  /** Container ID → its health check's command, as the latest state showed: the probe's execs are not the learner's. */
  private probeCommands = new Map<string, string>();
  /** Container IDs there, stopped, at the lab's first state of a lab resumed from kept work: stopped by its seal. */
  private readonly stoppedBySeal = new Set<string>();
  private seenFirstState = false;

  constructor(
    /** The lab resumes kept work: what was stopped at its first state was stopped when the lab was kept. */
    private readonly resumed = false,
  ) {}

  /** A copy that remembers all this one does and goes on by itself (a second judge of the same lab: task-judge.ts). */
  clone(): LabHistory {
    // Every field is a Set, a Map of plain values, a number or a boolean: structuredClone copies each deeply.
    return Object.assign(Object.create(LabHistory.prototype) as LabHistory, structuredClone({ ...this }));
  }

  rememberState(state: LabState): void {
    if (!this.seenFirstState) {
      this.seenFirstState = true;
      this.firstImageIds = new Set([...Object.values(state.imageIds), ...state.untaggedImages]);
      if (this.resumed)
        for (const c of state.containers) if (!c.running && !this.runs.has(c.id)) add(this.stoppedBySeal, c.id);
    }
    this.probeCommands = new Map(
      state.containers.flatMap((c) => (c.healthcheck ? [[c.id, c.healthcheck.trim()]] : [])),
    );
    for (const c of state.containers) {
      add(this.containerNames, c.name);
      this.rememberContainerName(c.name, c.id);
      if (!c.running) add(this.stoppedContainers, c.id);
      const of = composeServiceOf(c.labels);
      if (c.running && of) add(this.composeRan, `${of.project}/${of.service}`);
    }
    for (const v of state.volumes) add(this.volumes, v);
    for (const v of state.unusedVolumes) add(this.unusedVolumes, v);
    for (const r of state.images) add(this.images, r);
    for (const [reference, id] of Object.entries(state.imageIds)) this.rememberReference(reference, id);
    for (const id of state.untaggedImages) add(this.untaggedImages, id);
    for (const [repository, fact] of Object.entries(state.registryTags))
      if (fact.kind === "tags") for (const t of fact.tags) add(this.registryTags, `${repository}:${t}`);
    if ((state.buildCache?.records ?? 0) > 0) this.buildCacheSeen = true;
  }

  /**
   * Takes an event into the history. False when it cannot change a verdict, so no one need read the lab again for
   * it: an exec's start (its end says how it went) and the whole of a health check's probe, which Docker runs every
   * few seconds (a change of health has an event of its own).
   */
  rememberEvent(event: LabEngineEvent): boolean {
    const id = event.Actor?.ID;
    if (!id) return true;
    this.eventCount += 1;
    const name = event.Actor?.Attributes?.name;
    if (event.Type === "container") {
      if (name) {
        add(this.containerNames, name);
        this.rememberContainerName(name, id);
      }
      const attributes = event.Actor?.Attributes ?? {};
      // `exec_start: redis-cli ping`: the engine names the command in the action, and how it ended in exec_die.
      if (event.Action.startsWith("exec_start:")) {
        const execId = attributes.execID;
        if (execId && this.execCommands.size < MAX_REMEMBERED)
          this.execCommands.set(execId, { container: id, command: event.Action.slice("exec_start:".length).trim() });
        return false;
      }
      if (event.Action === "exec_die") {
        const ran = attributes.execID ? this.execCommands.get(attributes.execID) : undefined;
        if (ran) this.execCommands.delete(attributes.execID!);
        if (ran && ran.container === id && attributes.exitCode === "0") this.rememberExec(id, ran.command);
        return ran?.command !== this.probeCommands.get(id);
      }
      if (event.Action.startsWith("exec_")) return false;
      switch (event.Action) {
        case "create":
          if (this.createdAt.size < MAX_REMEMBERED) this.createdAt.set(id, this.eventCount);
          break;
        case "kill": {
          const run = this.runs.get(id);
          const signal = Number.parseInt(attributes.signal ?? "", 10);
          if (run && Number.isFinite(signal) && run.signals.length < MAX_PER_ENTRY) run.signals.push(signal);
          break;
        }
        case "attach":
          add(this.attachedSinceStart, id);
          break;
        case "start":
          if (this.startedAttached.size < MAX_REMEMBERED || this.startedAttached.has(id))
            this.startedAttached.set(id, this.attachedSinceStart.has(id));
          this.attachedSinceStart.delete(id);
          // A new run: what ran through exec before belongs to the last one.
          this.execsSinceStart.delete(id);
          if (this.runs.size < MAX_REMEMBERED || this.runs.has(id)) this.runs.set(id, { signals: [] });
          this.stoppedBySeal.delete(id);
          if (this.diedContainers.has(id)) add(this.restartedContainers, id);
          break;
        case "restart":
          add(this.restartedContainers, id);
          break;
        case "die": {
          add(this.stoppedContainers, id);
          add(this.diedContainers, id);
          const run = this.runs.get(id);
          const exitCode = Number.parseInt(attributes.exitCode ?? "", 10);
          if (run && Number.isFinite(exitCode)) run.exitCode = exitCode;
          break;
        }
        case "destroy": {
          const of = composeServiceOf(attributes);
          if (of) this.serviceRemovedAt.set(`${of.project}/${of.service}`, this.eventCount);
          this.runs.delete(id);
          this.createdAt.delete(id);
          this.startedAttached.delete(id);
          this.attachedSinceStart.delete(id);
          this.execsSinceStart.delete(id);
          this.diedContainers.delete(id);
          this.restartedContainers.delete(id);
          break;
        }
      }
    } else if (event.Type === "volume") {
      add(this.volumes, id);
      if (event.Action === "destroy") add(this.unusedVolumes, id);
    } else if (event.Type === "image") {
      switch (event.Action) {
        case "tag":
          // A tag event names the image by ID and the new reference in `name`.
          if (name) {
            add(this.images, name);
            this.rememberReference(name, id);
          }
          if (this.imageTaggedAt.size < MAX_REMEMBERED || this.imageTaggedAt.has(id))
            this.imageTaggedAt.set(id, this.eventCount);
          break;
        case "load":
        case "import":
          add(this.loadedImages, id);
          break;
        case "untag":
        case "delete":
          if (event.Action === "delete" && (this.imageDeletes.size < MAX_REMEMBERED || this.imageDeletes.has(id)))
            this.imageDeletes.set(id, this.eventCount);
          if (this.imageRemovals.size < MAX_REMEMBERED || this.imageRemovals.has(id))
            this.imageRemovals.set(id, this.eventCount);
          break;
        case "pull":
          // A pull event names the reference pulled as its ID (`localhost:5000/churn-api:1.0`); a bare repository
          // is a pull of its every tag (`docker pull --all-tags`).
          if (this.pulls.size < MAX_REMEMBERED || this.pulls.has(pullKey(id)))
            this.pulls.set(pullKey(id), this.eventCount);
          break;
      }
    }
    return true;
  }

  private rememberExec(id: string, command: string): void {
    const commands = this.execsSinceStart.get(id) ?? new Set<string>();
    if (commands.size < MAX_PER_ENTRY) commands.add(command);
    if (this.execsSinceStart.size < MAX_REMEMBERED || this.execsSinceStart.has(id))
      this.execsSinceStart.set(id, commands);
  }

  private rememberContainerName(name: string, id: string): void {
    const ids = this.containerIds.get(name) ?? new Set<string>();
    // The latest count, as for a reference: a lab that made more containers under one name than are remembered
    // must still know the one that holds it now, or renaming that one away would pass for its removal.
    ids.delete(id);
    ids.add(id);
    if (ids.size > MAX_PER_ENTRY) ids.delete(ids.values().next().value!);
    if (this.containerIds.size < MAX_REMEMBERED || this.containerIds.has(name)) this.containerIds.set(name, ids);
  }

  private rememberReference(reference: string, id: string): void {
    const key = familiar(reference);
    const ids = this.referenceIds.get(key) ?? new Set<string>();
    // The latest count: an image the reference named long ago is the one to forget.
    ids.delete(id);
    ids.add(id);
    if (ids.size > MAX_PER_ENTRY) ids.delete(ids.values().next().value!);
    if (this.referenceIds.size < MAX_REMEMBERED || this.referenceIds.has(key)) this.referenceIds.set(key, ids);
  }

  /**
   * For a check that holds in `state`: a failing outcome when it holds only because something never existed, when
   * the container it names was started attached to the terminal where the task asks for the background, or when
   * what it asks of the engine's past did not happen (an exec, a restart, a pull). Undefined when the history backs it.
   */
  evidence(check: LabCheck, state: LabState): LabCheckOutcome | undefined {
    switch (check.kind) {
      case "container": {
        if (check.state === "removed") {
          if (!this.containerNames.has(check.name))
            return never(
              `There has been no container named ${check.name} in this lab yet: there is nothing to remove.`,
            );
          // A rename takes the name away and keeps the container: the one that had the name must be gone.
          const ids = this.containerIds.get(check.name) ?? new Set<string>();
          const renamed = state.containers.find((c) => ids.has(c.id));
          return renamed
            ? {
                ok: false,
                found:
                  `The container that was ${check.name} is still here, renamed ${renamed.name}: it was not ` +
                  "removed.",
                hint: `Remove it: docker rm ${renamed.running ? "-f " : ""}${renamed.name}.`,
              }
            : undefined;
        }
        const container = state.containers.find((c) => c.name === check.name);
        if (!container) return undefined;
        if (check.state === "exited")
          return this.endingProblem(check, container) ?? (check.detached ? this.attachedProblem(container) : undefined);
        if (check.exec && !this.ranExec(container, check.execCommand))
          return {
            ok: false,
            found:
              `No command${named(check.execCommand)} ` +
              `run in ${container.name} with exec has ended with code 0 since it last started ` +
              "(an exec that failed, a misspelt name or a wrong host, does not count).",
            hint:
              `docker exec ${container.name} ${check.execCommand.join(" ") || "<command>"} runs it in the running ` +
              "container; its exit code is 0 when it worked.",
          };
        return check.detached ? this.attachedProblem(container) : undefined;
      }
      case "volume":
        return check.present || this.volumes.has(check.name)
          ? undefined
          : never(`There has been no volume named ${check.name} in this lab yet: there is nothing to remove.`);
      case "image":
        if (check.present)
          return check.pulled
            ? this.pullProblem(check.reference, state)
            : check.built
              ? this.builtProblem(check.reference, state)
              : undefined;
        return this.images.has(check.reference)
          ? undefined
          : never(`There has been no image ${check.reference} in this lab yet: there is nothing to remove.`);
      case "registry-tag":
        return check.present || this.registryTags.has(`${check.repository}:${check.tag}`)
          ? undefined
          : never(`The lab's registry has not had ${check.repository}:${check.tag} yet: there is nothing to delete.`);
      case "compose-service":
        return this.composeEvidence(check, state);
      case "clean":
        return check.remaining ? undefined : this.cleanEvidence(check, state);
      default:
        return undefined;
    }
  }

  private composeEvidence(check: Of<"compose-service">, state: LabState): LabCheckOutcome | undefined {
    const { project, service } = check;
    if (check.running === 0 && !this.composeRan.has(`${project}/${service}`))
      return never(
        `No container of the service ${service} (Compose project ${project}) has run in this lab yet: ` +
          "there is nothing to stop.",
      );
    const running = state.containers.filter((c) => c.running && isServiceContainer(c.labels, project, service));
    if (check.detached)
      for (const c of running) {
        const problem = this.attachedProblem(c);
        if (problem) return problem;
      }
    const probes = running.some((c) => c.healthcheck)
      ? " (the health check's own probes run through exec, and do not count)"
      : "";
    if (check.exec && running.length > 0 && !running.some((c) => this.ranExec(c, check.execCommand)))
      return {
        ok: false,
        found:
          `Nothing has been run in ${listed(running.map((c) => c.name))} with exec since ` +
          `${running.length === 1 ? "it" : "they"} last started${probes}.`,
        hint:
          `In the folder of compose.yaml, docker compose exec ${service} ` +
          `${check.execCommand.join(" ") || "<command>"} runs it in the container Compose already runs; docker ` +
          "compose run would start a new container for it.",
      };
    if (check.recreated) {
      const removedAt = this.serviceRemovedAt.get(`${project}/${service}`);
      // A container restarted since it was made has not shown its data outlive its container: the restart kept it.
      const old = running.find(
        (c) =>
          removedAt === undefined || (this.createdAt.get(c.id) ?? -1) < removedAt || this.restartedContainers.has(c.id),
      );
      if (old)
        return {
          ok: false,
          found:
            removedAt === undefined
              ? `No container of ${service} has been removed in this lab yet: ${old.name} is the one first made ` +
                "(a restart or a stop and start keeps the same container, and its files)."
              : this.restartedContainers.has(old.id)
                ? `${old.name} was restarted after it was made: what it holds now outlived a restart, not a ` +
                  "removal of its container."
                : `${old.name} was made before the service's containers were last removed: it is not a new one.`,
          hint:
            "docker compose down removes the stack's containers (and keeps its named volumes); docker compose up -d " +
            "then makes new ones.",
        };
    }
    const notRestarted = check.restarted ? running.find((c) => !this.restartedContainers.has(c.id)) : undefined;
    if (notRestarted)
      return {
        ok: false,
        found:
          `${notRestarted.name} has not been restarted: it has run once since it was created (a container made ` +
          "anew, by up --force-recreate or a changed compose.yaml, starts a new history).",
        hint:
          `In the folder of compose.yaml, docker compose restart ${service} stops and starts the same ` +
          "container, keeping its ID.",
      };
    return undefined;
  }

  /**
   * An exited container's run ended as the lab saw it end: its die came in this lab's watch (a container the platform
   * stopped when the lab was kept has no ending of the learner's), and by the signal the check asks for.
   */
  private endingProblem(check: Of<"container">, c: ContainerFacts): LabCheckOutcome | undefined {
    if (c.running || c.startedAt === undefined) return undefined;
    const run = this.runs.get(c.id);
    if (this.stoppedBySeal.has(c.id) || !run || run.exitCode === undefined) {
      const sealed = this.stoppedBySeal.has(c.id);
      return {
        ok: false,
        found: sealed
          ? `${c.name} was stopped when your lab was kept, not by you: how it ended then is the platform's doing.`
          : `The lab has not seen ${c.name} end: it stopped before the lab began watching.`,
        hint: `docker start ${c.name} runs it again; then end it as the task asks, and the lab sees how.`,
      };
    }
    if (check.endedBy === undefined) return undefined;
    const term = run.signals.includes(15);
    const killed = run.signals.includes(9);
    // A stop that ran past its grace period sent SIGTERM and then SIGKILL: neither a clean stop nor a kill.
    const how = killed
      ? term
        ? "stop-then-kill"
        : "kill"
      : term
        ? "stop"
        : run.signals.length > 0
          ? "signal"
          : "itself";
    if (how === check.endedBy) return undefined;
    const said = {
      "stop-then-kill": "was sent SIGTERM by docker stop, then SIGKILL when it did not stop in time",
      kill: "was killed (SIGKILL)",
      stop: "was stopped with SIGTERM",
      signal: `was sent signal ${run.signals.join(", ")}`,
      itself: "ended by itself, with no signal sent to it",
    }[how];
    const want = {
      stop: `docker stop ${c.name} sends SIGTERM and lets it shut down by itself.`,
      kill: `docker kill ${c.name} sends SIGKILL at once.`,
      itself: `Let its program finish by itself: docker start -a ${c.name} runs it again to its end.`,
    }[check.endedBy];
    return {
      ok: false,
      found: `${c.name} ${said} (exit code ${run.exitCode}).`,
      hint: `${want} docker start ${c.name} first runs it again.`,
    };
  }

  /** An image built in this lab: not one it started with, not loaded or imported, made after the lab opened. */
  private builtProblem(reference: string, state: LabState): LabCheckOutcome | undefined {
    const id = imageIdOf(state, reference);
    if (!id) return undefined;
    const build = `docker build -t ${reference} <folder of its Dockerfile>`;
    if (this.loadedImages.has(id))
      return {
        ok: false,
        found: `${reference} came by docker load or docker image import, not by a build in this lab.`,
        hint: `Build it here: ${build}.`,
      };
    if (this.firstImageIds?.has(id))
      return {
        ok: false,
        found: `${reference} names an image that was here when the lab started: it was not built in this lab.`,
        hint: `Build it here: ${build}.`,
      };
    return undefined;
  }

  /** It ran a command through exec in its current run, other than its health check's probe. */
  private ranExec(c: ContainerFacts, words: readonly string[] = []): boolean {
    return [...(this.execsSinceStart.get(c.id) ?? [])].some(
      (command) => command !== c.healthcheck?.trim() && words.every((w) => commandHas(command, w)),
    );
  }

  /**
   * A present reference that must have come back from a registry: pulled after the last untag or delete of an image
   * it named. The engine's untag events name the image, never the tag, so removing another tag of the same image
   * counts as a removal too.
   */
  private pullProblem(reference: string, state: LabState): LabCheckOutcome | undefined {
    const key = familiar(reference);
    const pulledAt = Math.max(this.pulls.get(key) ?? -1, this.pulls.get(repositoryOf(key)) ?? -1);
    // The image it names now must have left the engine (a delete, not an untag of one of its names) and come back.
    const id = imageIdOf(state, reference);
    const deletedAt = id ? (this.imageDeletes.get(id) ?? -1) : -1;
    const untaggedAt = Math.max(
      -1,
      ...[...(this.referenceIds.get(key) ?? [])].map((i) => this.imageRemovals.get(i) ?? -1),
    );
    // What brought it back after the delete must be the pull: a tag of the same ID in between was a build (or a
    // docker tag) remaking it, and a pull after that fetched nothing.
    const taggedAt = id ? (this.imageTaggedAt.get(id) ?? -1) : -1;
    const rebuilt = taggedAt > deletedAt && taggedAt < pulledAt;
    if (deletedAt >= 0 && pulledAt > deletedAt && !rebuilt) return undefined;
    const named = [...(this.referenceIds.get(key) ?? [])];
    const anyDeleted = named.some((i) => this.imageDeletes.has(i));
    const rm = `docker image rm ${reference}`;
    const fetch =
      `Remove the image itself (${rm}, and any other tag of the same image: docker images shows them by ID), then ` +
      `fetch it from the registry: docker pull ${reference}.`;
    if (!anyDeleted && untaggedAt >= 0)
      return {
        ok: false,
        found:
          `${reference} lost a tag, but the image itself never left this engine (another tag still held it), so a ` +
          "pull had nothing to fetch.",
        hint: fetch,
      };
    if (!anyDeleted)
      return {
        ok: false,
        found: `${reference} is here, and has not been removed in this lab: there is nothing to pull back yet.`,
        hint: fetch,
      };
    return {
      ok: false,
      found:
        `${reference} is here again, but not from a pull since it was removed: a build or a tag made it here, ` +
        "not the registry.",
      hint: fetch,
    };
  }

  private cleanEvidence(check: Of<"clean">, state: LabState): LabCheckOutcome | undefined {
    const present = new Set(state.containers.map((c) => c.id));
    const imageIds = new Set([...state.untaggedImages, ...Object.values(state.imageIds)]);
    const volumes = new Set(state.volumes);
    const removed = {
      "stopped-containers": () => [...this.stoppedContainers].some((id) => !present.has(id)),
      "dangling-images": () => [...this.untaggedImages].some((id) => !imageIds.has(id)),
      "unused-volumes": () => [...this.unusedVolumes].some((v) => !volumes.has(v)),
      "build-cache": () => this.buildCacheSeen,
    }[check.what];
    if (removed()) return undefined;
    const what = {
      "stopped-containers": "stopped container",
      "dangling-images": "dangling image",
      "unused-volumes": "unused volume",
      "build-cache": "build cache",
    }[check.what];
    return never(`No ${what} has been removed in this lab yet: there was nothing of the sort to prune.`);
  }

  private attachedProblem(c: ContainerFacts): LabCheckOutcome | undefined {
    const compose = createdByCompose(c.labels);
    // Compose records an attachment at creation whether or not -d was given: only the events tell.
    const attached = this.startedAttached.get(c.id) ?? (compose ? undefined : c.attachedAtCreate);
    if (attached === false) return undefined;
    const service = composeServiceOf(c.labels)?.service ?? c.name;
    if (attached === undefined)
      return {
        ok: false,
        found: `The lab has not seen how ${c.name} was started (it was started before the lab began watching).`,
        hint: compose
          ? `docker compose restart ${service} starts it again in the background, where the lab sees it.`
          : `docker restart ${c.name} starts it again in the background, where the lab sees it.`,
      };
    return {
      ok: false,
      found:
        `${c.name} was started attached to the terminal (without -d): it holds the terminal, and stopping the ` +
        "command stops it.",
      hint: compose
        ? "Ctrl-C stops the stack; docker compose up -d starts it in the background."
        : `Ctrl-C stops it; docker start ${c.name} starts it again in the background (docker run -d does from the ` +
          "start).",
    };
  }
}

/** Docker Hub's official images are named without docker.io/library/ in the engine's lists and events. */
const shortName = (reference: string): string => reference.replace(/^docker\.io\/(library\/)?/, "");
const hasTag = (reference: string): boolean => /[:@]/.test(reference.split("/").at(-1) ?? reference);

/** A reference as the engine names it: `churn-api` is churn-api:latest. */
function familiar(reference: string): string {
  const short = shortName(reference);
  return hasTag(short) ? short : `${short}:latest`;
}

/** A pull event's reference; a bare repository (every tag pulled) is `repository:*`. */
function pullKey(reference: string): string {
  const short = shortName(reference);
  return hasTag(short) ? short : `${short}:*`;
}

/** `localhost:5000/churn-api:1.0` → `localhost:5000/churn-api:*`: the key of a pull of its every tag. */
function repositoryOf(reference: string): string {
  const slash = reference.lastIndexOf("/");
  const cut = reference.slice(slash + 1).search(/[:@]/);
  return `${cut < 0 ? reference : reference.slice(0, slash + 1 + cut)}:*`;
}

/** How a container's latest run went, from the engine's events: the signals sent to it and its exit code. */
interface ContainerRun {
  signals: number[];
  exitCode?: number;
}

/** ` with `a` and `b``, naming the words an exec's command must hold; nothing when it may be any. */
function named(words: readonly string[]): string {
  return words.length ? ` with ${listed(words.map((w) => `\`${w}\``))}` : "";
}

function never(found: string): LabCheckOutcome {
  return { ok: false, found };
}

function add(set: Set<string>, value: string): void {
  if (set.size < MAX_REMEMBERED) set.add(value);
}
