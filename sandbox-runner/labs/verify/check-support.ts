import type { LabCheck } from "../lib";
import type { ContainerFacts, LabState } from "./lab-state";

export interface LabCheckOutcome {
  ok: boolean;
  /** What the lab's engine shows, in one sentence: the learner's evidence either way. */
  found: string;
  /** When not ok: the next step, computed from what is there (never a generic "try again"). */
  hint?: string;
}

/** The labels Compose puts on a service's containers: its project and its service. */
export const PROJECT_LABEL = "com.docker.compose.project";
export const SERVICE_LABEL = "com.docker.compose.service";
/**
 * Labels Compose puts on the containers it creates (up, scale, run) and never on an image it builds. The image
 * carries the project and service labels, so a container a learner runs by hand from it (`docker run
 * stack-api`) has them too: only these tell Compose's own containers from it.
 */
const NUMBER_LABEL = "com.docker.compose.container-number";
const ONEOFF_LABEL = "com.docker.compose.oneoff";

/**
 * The Compose service a container (or a container's event, whose attributes are its labels) belongs to: one Compose
 * created for the service (up, scale, restart). Not a one-off `docker compose run`, and not a `docker run` of the
 * image Compose built, which carries the service's labels without being the service.
 */
export function composeServiceOf(labels: Record<string, string>): { project: string; service: string } | undefined {
  const project = labels[PROJECT_LABEL];
  const service = labels[SERVICE_LABEL];
  if (!project || !service || labels[NUMBER_LABEL] === undefined || labels[ONEOFF_LABEL] === "True") return undefined;
  return { project, service };
}

/** Whether Compose created the container (up, scale or run), whatever labels its image lent it. */
export function createdByCompose(labels: Record<string, string>): boolean {
  return labels[PROJECT_LABEL] !== undefined && labels[NUMBER_LABEL] !== undefined;
}

/**
 * A container with a service's labels that is not the service's: run by hand from the image Compose built for it,
 * or a one-off `docker compose run`. Named in a hint: it looks like the service in `docker ps` and is not.
 */
export function posesAsService(labels: Record<string, string>, project: string, service: string): boolean {
  return (
    labels[PROJECT_LABEL] === project && labels[SERVICE_LABEL] === service && composeServiceOf(labels) === undefined
  );
}

/** A container `docker compose run` made: Compose labels it with the service, and marks it a one-off. */
export function isOneOff(labels: Record<string, string>): boolean {
  return labels[ONEOFF_LABEL] === "True";
}

/** Whether the container is one Compose created for this service of this project. */
export function isServiceContainer(labels: Record<string, string>, project: string, service: string): boolean {
  const of = composeServiceOf(labels);
  return of?.project === project && of.service === service;
}

export type Of<K extends LabCheck["kind"]> = Extract<LabCheck, { kind: K }>;

/**
 * The image ID a reference names in the lab now, however the learner spelled it: `churn-api` is churn-api:latest,
 * and Docker Hub's official images are listed without their docker.io/library/ prefix.
 */
export function imageIdOf(state: LabState, reference: string): string | undefined {
  const short = reference.replace(/^docker\.io\/(library\/)?/, "");
  const lastPart = short.split("/").at(-1) ?? short;
  const candidates = lastPart.includes(":") || lastPart.includes("@") ? [short] : [short, `${short}:latest`];
  for (const candidate of candidates) if (state.imageIds[candidate]) return state.imageIds[candidate];
  return undefined;
}

/** An image ID as `docker images` shows it: 12 hex digits. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

export function describeState(c: ContainerFacts): string {
  if (c.running) return "running";
  if (c.oomKilled) return `exited with code ${c.exitCode} (killed for using too much memory)`;
  return c.status === "created" ? "was created but never started" : `exited with code ${c.exitCode}`;
}

/** `a, b and c`, for lists a learner reads in one sentence; long ones end in "and N more". */
export function listed(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max);
  if (items.length > max) shown.push(`${items.length - max} more`);
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/** A quoted excerpt of what a program answered, on one line. */
export function excerpt(text: string, max = 120): string {
  const line = text.replace(/\s+/g, " ").trim();
  return `"${line.length > max ? `${line.slice(0, max)}…` : line}"`;
}

/** Whether `words` are whole words of a command line: `train.py` is in `python train.py`, not in `retrain.py`. */
export function commandHas(commandLine: string, words: string): boolean {
  const escaped = words
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\s+/g, "\\s+");
  return new RegExp(`(^|[\\s/'"=])${escaped}($|[\\s'";])`).test(commandLine);
}

/**
 * A platform as containerd compares them: arm64's only variant, v8, is its default, so `linux/arm64/v8` (how many
 * indexes list it) and `linux/arm64` (how `docker build --platform linux/arm64` writes it) are one platform.
 */
export function samePlatform(a: string, b: string): boolean {
  const normal = (p: string) => p.replace(/^(linux\/arm64)\/v8$/, "$1");
  return normal(a) === normal(b);
}
