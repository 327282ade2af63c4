import { capSize, duration, type SessionEnding } from "../sessions/served-session";
import type { KeepFate } from "./kept-disks";
import { formatBytes } from "./lib";
import { LabStartFailed, type StartPhase } from "./warm-pool";

const GONE = "Its Docker engine went with it: containers, images, volumes and files. Tasks you finished stay finished.";

/**
 * What the learner reads when their lab closes: what happened and why. What became of its work (kept, or why not)
 * and what to do next follow from `labFate`; a lab that never opened had no work to keep, and its reason says all.
 */
export const LAB_CLOSE_REASONS = {
  closedByYou: () => "You closed this lab.",
  shellExited: (code: number | null) =>
    `The lab's shell ended${code === null ? "" : ` (exit code ${code})`}, so the lab closed.`,
  idle: (seconds: number) =>
    `This lab closed after ${duration(seconds)} without a keystroke, to free its machine for others.`,
  total: (seconds: number) =>
    `This lab closed after ${duration(seconds)}, the longest a lab stays open, so lab machines stay free for ` +
    "everyone.",
  runnerStopping: () => "The lab machine restarted, so this lab closed.",
  engineDied: () =>
    "The lab's Docker engine stopped answering, so the lab closed. If it keeps happening, tell your instructor.",
  couldNotStart: (cause?: unknown) =>
    `The lab machine could not start this lab's Docker engine${startFailure(cause)}. Try again in a minute; if it ` +
    "keeps failing, tell your instructor. Work you had kept in this lab is still kept.",
  unknownLab: (slug: string) => `There is no lab called "${slug}" on the lab machine any more, so it could not start.`,
  /** Not a close: the session waits in the queue again, and the page follows it back open. */
  requeued: () =>
    "The lab machine restarted. Your lab was kept as it was and reopens as soon as a lab machine is free: its " +
    "files, images, volumes and registry as you left them, its containers stopped, as after a restart.",
};

/**
 * Why a start failed, said to the learner: it was tried twice (warm-pool.ts), and what the second try ran into, in
 * the host's words only where they are the platform's own (the engine's deadline); an engine's stderr or a host path
 * is never shown.
 */
function startFailure(cause: unknown): string {
  if (!(cause instanceof LabStartFailed)) return "";
  const why = cause.second.message;
  if (/did not answer on its socket/.test(why)) return `, twice: ${why.replace(/^the lab engine /, "it ")}`;
  if (/exited \(/.test(why)) return ", twice: it stopped while starting";
  return ", twice: the machine failed while preparing its disk";
}

/** What the page says the host is doing while a lab starts (warm-pool.ts StartPhase). */
export function labStartPhase(phase: StartPhase, why?: string): string {
  if (phase === "engine") return "Starting your Docker engine…";
  if (phase === "images") return "Loading the lab's images into your Docker engine (a fresh start)…";
  const said = why && /did not answer on its socket/.test(why) ? `: ${why.replace(/^the lab engine /, "it ")}` : "";
  return `The first try to start your Docker engine failed${said}. Trying once more…`;
}

/**
 * How a lab that had work ends once its host tried to keep it: back in the queue when its host was stopping and kept
 * it (the next host resumes it), else closed with why and what became of the work. The one rule for a lab its host
 * closes and for one a dead runner left (lab-host.ts).
 */
export function keptLabEnding(
  asked: SessionEnding,
  fate: KeepFate | undefined,
  titles: (slug: string) => string,
): SessionEnding {
  if (asked.to === "queued" && fate?.kept) return { to: "queued", reason: LAB_CLOSE_REASONS.requeued() };
  const reason = asked.to === "queued" ? LAB_CLOSE_REASONS.runnerStopping() : asked.reason;
  return { to: "closed", reason: `${reason} ${labFate(fate, titles)}` };
}

/** A date as a learner reads it, the same on every machine: "27 December 2026". */
function day(date: Date): string {
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** What became of a closed lab's work, said after why it closed. `titles` names the kept labs removed for room. */
export function labFate(fate: KeepFate | undefined, titles: (slug: string) => string): string {
  if (!fate || (!fate.kept && fate.why === "failed")) {
    const fault = fate ? "The lab machine could not keep its work (its fault, not yours). " : "";
    return `${fault}${GONE} Start the lab again for a fresh one.`;
  }
  if (!fate.kept)
    return (
      `Its work was not kept: its disk held ${formatBytes(fate.bytes)}, more than the ` +
      `${formatBytes(fate.quotaBytes)} your kept labs may use in all. Tasks you finished stay finished. ` +
      "Next time, remove what you no longer need (`docker image prune`, `docker volume prune`) before you close."
    );
  const evicted = fate.evicted.map((k) => `"${titles(k.labSlug)}"`);
  return (
    `Your work in it is kept until ${day(fate.expiresAt)} (${formatBytes(fate.bytes)}): start the lab again to ` +
    "carry on where you left off, or start over from its page." +
    (evicted.length
      ? ` To keep it within the disk your kept labs may use, your older kept work in ${evicted.join(", ")} was removed.`
      : "")
  );
}

/** Printed into the terminal when a lab resumes from kept work: what is as it was and what is not. */
export function resumedNote(keptAt: Date): string {
  return (
    `\r\n[dockyard: this lab resumed from your work kept on ${day(keptAt)}. Files, images, volumes and the ` +
    "registry's pushes are as you left them; containers are stopped, as after a restart of the Docker host: " +
    "`docker ps -a` lists them, `docker start NAME` starts one. They were stopped when your lab was kept, not by " +
    "you, so no task counts how they ended; tasks you finished stay finished.]\r\n"
  );
}

/** Printed when a lab's kept work was recorded but its disk is on no lab machine any more: it starts afresh. */
export const KEPT_LOST_NOTE =
  "\r\n[dockyard: your kept work of this lab could not be found on the lab machines (the machine that held it " +
  "went away), so this lab starts afresh. Tasks you finished stay finished.]\r\n";

/** Printed into a tab when its shell ended: the lab lives on in its other terminals. */
export function tabClosedNote(terminal: number): string {
  return (
    `\r\n[dockyard: the shell of terminal ${terminal + 1} ended; the lab goes on. ` +
    "Open the tab again for a new one.]\r\n"
  );
}

/** Printed into the terminal (not a close): the output cap stops the terminal's output, the lab lives on. */
export function outputCapNote(bytes: number): string {
  return (
    `\r\n[dockyard: this lab's terminal printed more than ${capSize(bytes)}, the most it may send to the page, ` +
    "so it shows no more output. The lab still runs and its tasks are still checked; page long output " +
    "(`| head`, `| less`) and close and start the lab again for a terminal that shows output.]\r\n"
  );
}

/** Said in the terminal when the checker cannot read the lab (lab-engine-api.ts's LabAnswerRefused): why, and how. */
export function labCheckerNote(message: string): string {
  return `\r\n[dockyard: the task checker cannot read this lab right now: ${message}]\r\n`;
}
