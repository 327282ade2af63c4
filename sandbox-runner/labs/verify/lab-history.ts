import { z } from "zod";
import type { LabCheck } from "../../from-lib";
import { type LabCheckOutcome, listed, type Of, PROJECT_LABEL, SERVICE_LABEL } from "./check-support";
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

  /** A copy that remembers all this one does and goes on by itself (a second judge of the same lab: task-judge.ts). */
  clone(): LabHistory {
    const copy = new LabHistory();
    const sets = [
      "containerNames",
      "stoppedContainers",
      "volumes",
      "unusedVolumes",
      "images",
      "untaggedImages",
      "registryTags",
      "composeRan",
      "attachedSinceStart",
    ] as const;
    for (const key of sets) for (const value of this[key]) copy[key].add(value);
    for (const [id, attached] of this.startedAttached) copy.startedAttached.set(id, attached);
    copy.buildCacheSeen = this.buildCacheSeen;
    for (const value of this.diedContainers) copy.diedContainers.add(value);
    for (const value of this.restartedContainers) copy.restartedContainers.add(value);
    for (const [id, commands] of this.execsSinceStart) copy.execsSinceStart.set(id, new Set(commands));
    copy.eventCount = this.eventCount;
    for (const [reference, at] of this.pulls) copy.pulls.set(reference, at);
    for (const [id, at] of this.imageRemovals) copy.imageRemovals.set(id, at);
    for (const [reference, ids] of this.referenceIds) copy.referenceIds.set(reference, new Set(ids));
    return copy;
  }

  rememberState(state: LabState): void {
    for (const c of state.containers) {
      add(this.containerNames, c.name);
      if (!c.running) add(this.stoppedContainers, c.id);
      const project = c.labels[PROJECT_LABEL];
      const service = c.labels[SERVICE_LABEL];
      if (c.running && project && service) add(this.composeRan, `${project}/${service}`);
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

  rememberEvent(event: LabEngineEvent): void {
    const id = event.Actor?.ID;
    if (!id) return;
    this.eventCount += 1;
    const name = event.Actor?.Attributes?.name;
    if (event.Type === "container") {
      if (name) add(this.containerNames, name);
      // `exec_start: redis-cli ping`: the engine names the command in the action.
      if (event.Action.startsWith("exec_start:")) {
        this.rememberExec(id, event.Action.slice("exec_start:".length).trim());
        return;
      }
      switch (event.Action) {
        case "attach":
          add(this.attachedSinceStart, id);
          break;
        case "start":
          if (this.startedAttached.size < MAX_REMEMBERED || this.startedAttached.has(id))
            this.startedAttached.set(id, this.attachedSinceStart.has(id));
          this.attachedSinceStart.delete(id);
          // A new run: what ran through exec before belongs to the last one.
          this.execsSinceStart.delete(id);
          if (this.diedContainers.has(id)) add(this.restartedContainers, id);
          break;
        case "restart":
          add(this.restartedContainers, id);
          break;
        case "die":
          add(this.stoppedContainers, id);
          add(this.diedContainers, id);
          break;
        case "destroy":
          this.startedAttached.delete(id);
          this.attachedSinceStart.delete(id);
          this.execsSinceStart.delete(id);
          this.diedContainers.delete(id);
          this.restartedContainers.delete(id);
          break;
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
          break;
        case "untag":
        case "delete":
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
  }

  private rememberExec(id: string, command: string): void {
    const commands = this.execsSinceStart.get(id) ?? new Set<string>();
    if (commands.size < MAX_PER_ENTRY) commands.add(command);
    if (this.execsSinceStart.size < MAX_REMEMBERED || this.execsSinceStart.has(id))
      this.execsSinceStart.set(id, commands);
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
        if (check.state === "removed")
          return this.containerNames.has(check.name)
            ? undefined
            : never(`There has been no container named ${check.name} in this lab yet: there is nothing to remove.`);
        const container = state.containers.find((c) => c.name === check.name);
        return check.detached && container ? this.attachedProblem(container) : undefined;
      }
      case "volume":
        return check.present || this.volumes.has(check.name)
          ? undefined
          : never(`There has been no volume named ${check.name} in this lab yet: there is nothing to remove.`);
      case "image":
        if (check.present) return check.pulled ? this.pullProblem(check.reference) : undefined;
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
        return this.cleanEvidence(check, state);
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
    const running = state.containers.filter(
      (c) => c.running && c.labels[PROJECT_LABEL] === project && c.labels[SERVICE_LABEL] === service,
    );
    if (check.detached)
      for (const c of running) {
        const problem = this.attachedProblem(c);
        if (problem) return problem;
      }
    const probes = running.some((c) => c.healthcheck)
      ? " (the health check's own probes run through exec, and do not count)"
      : "";
    if (check.exec && running.length > 0 && !running.some((c) => this.ranExec(c)))
      return {
        ok: false,
        found:
          `Nothing has been run in ${listed(running.map((c) => c.name))} with exec since ` +
          `${running.length === 1 ? "it" : "they"} last started${probes}.`,
        hint:
          `In the folder of compose.yaml, docker compose exec ${service} <command> runs it in the container Compose ` +
          "already runs; docker compose run would start a new container for it.",
      };
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

  /** It ran a command through exec in its current run, other than its health check's probe. */
  private ranExec(c: ContainerFacts): boolean {
    return [...(this.execsSinceStart.get(c.id) ?? [])].some((command) => command !== c.healthcheck?.trim());
  }

  /**
   * A present reference that must have come back from a registry: pulled after the last untag or delete of an image
   * it named. The engine's untag events name the image, never the tag, so removing another tag of the same image
   * counts as a removal too.
   */
  private pullProblem(reference: string): LabCheckOutcome | undefined {
    const key = familiar(reference);
    const pulledAt = Math.max(this.pulls.get(key) ?? -1, this.pulls.get(repositoryOf(key)) ?? -1);
    const removals = [...(this.referenceIds.get(key) ?? [])].map((id) => this.imageRemovals.get(id) ?? -1);
    const removedAt = Math.max(-1, ...removals);
    if (removedAt >= 0 && pulledAt > removedAt) return undefined;
    const rm = `docker image rm ${reference}`;
    const fetch = `Remove it (${rm}), then fetch it from the registry: docker pull ${reference}.`;
    if (removedAt < 0)
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
    const compose = c.labels[PROJECT_LABEL] !== undefined;
    // Compose records an attachment at creation whether or not -d was given: only the events tell.
    const attached = this.startedAttached.get(c.id) ?? (compose ? undefined : c.attachedAtCreate);
    if (attached === false) return undefined;
    const service = c.labels[SERVICE_LABEL] ?? c.name;
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

function never(found: string): LabCheckOutcome {
  return { ok: false, found };
}

function add(set: Set<string>, value: string): void {
  if (set.size < MAX_REMEMBERED) set.add(value);
}
