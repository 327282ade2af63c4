import { capSize, duration } from "../sessions/served-session";

const GONE = "Its Docker engine went with it: containers, images, volumes and files. Tasks you finished stay finished.";

/** What the learner reads when their lab closes: what happened, why, and what to do next. */
export const LAB_CLOSE_REASONS = {
  closedByYou: () => `You closed this lab. ${GONE} Start it again whenever you like.`,
  shellExited: (code: number | null) =>
    `The lab's shell ended${code === null ? "" : ` (exit code ${code})`}, so the lab closed. ${GONE} ` +
    "Start the lab again for a fresh one.",
  idle: (seconds: number) =>
    `This lab closed after ${duration(seconds)} without a keystroke, to free its machine for others. ${GONE} ` +
    "Start it again to carry on.",
  total: (seconds: number) =>
    `This lab closed after ${duration(seconds)}, the longest a lab stays open, so lab machines stay free for ` +
    `everyone. ${GONE} Start it again to carry on.`,
  runnerStopping: () => `The lab machine restarted, so this lab closed. ${GONE} Start the lab again in a moment.`,
  engineDied: () =>
    `The lab's Docker engine stopped answering, so the lab closed. ${GONE} Start the lab again; if it keeps ` +
    "happening, tell your instructor.",
  couldNotStart: () =>
    "The lab machine could not start this lab's Docker engine. Try again in a minute; if it keeps failing, tell " +
    "your instructor.",
  unknownLab: (slug: string) => `There is no lab called "${slug}" on the lab machine any more, so it could not start.`,
};

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
