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
