import { z } from "zod";
import type { LabCheck } from "../../from-lib";
import { type LabCheckOutcome, type Of, PROJECT_LABEL, SERVICE_LABEL } from "./check-support";
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
 * What the lab's engine has shown since the lab's watcher began: every container, volume, image and registry tag
 * seen, what was ever there to prune, and how each container was last started. A check that speaks of absence
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
    for (const id of state.untaggedImages) add(this.untaggedImages, id);
    for (const [repository, fact] of Object.entries(state.registryTags))
      if (fact.kind === "tags") for (const t of fact.tags) add(this.registryTags, `${repository}:${t}`);
    if ((state.buildCache?.records ?? 0) > 0) this.buildCacheSeen = true;
  }

  rememberEvent(event: LabEngineEvent): void {
    const id = event.Actor?.ID;
    if (!id) return;
    const name = event.Actor?.Attributes?.name;
    if (event.Type === "container") {
      if (name) add(this.containerNames, name);
      switch (event.Action) {
        case "attach":
          add(this.attachedSinceStart, id);
          break;
        case "start":
          if (this.startedAttached.size < MAX_REMEMBERED || this.startedAttached.has(id))
            this.startedAttached.set(id, this.attachedSinceStart.has(id));
          this.attachedSinceStart.delete(id);
          break;
        case "die":
          add(this.stoppedContainers, id);
          break;
        case "destroy":
          this.startedAttached.delete(id);
          this.attachedSinceStart.delete(id);
          break;
      }
    } else if (event.Type === "volume") {
      add(this.volumes, id);
      if (event.Action === "destroy") add(this.unusedVolumes, id);
    } else if (event.Type === "image") {
      if (event.Action === "tag" && name) add(this.images, name);
    }
  }

  /**
   * For a check that holds in `state`: a failing outcome when it holds only because something never existed, or
   * when the container it names was started attached to the terminal where the task asks for the background.
   * Undefined when the history backs it.
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
        return check.present || this.images.has(check.reference)
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
    if (!check.detached) return undefined;
    for (const c of state.containers)
      if (c.running && c.labels[PROJECT_LABEL] === project && c.labels[SERVICE_LABEL] === service) {
        const problem = this.attachedProblem(c);
        if (problem) return problem;
      }
    return undefined;
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

function never(found: string): LabCheckOutcome {
  return { ok: false, found };
}

function add(set: Set<string>, value: string): void {
  if (set.size < MAX_REMEMBERED) set.add(value);
}
