import { capSize, duration } from "../sessions/served-session";
import { formatMiB } from "./lib";

const GONE = "Anything you changed inside it is gone: it was a throwaway container, your image is unchanged.";

/** What the learner reads when their shell closes: what happened, why, and what to do next. */
export const CLOSE_REASONS = {
  exited: (code: number | undefined) =>
    `The shell exited${code === undefined ? "" : ` (exit code ${code})`}, so its container was removed. ` +
    `Open the shell again for a fresh one.`,
  idle: (seconds: number) =>
    `This shell closed after ${duration(seconds)} without a keystroke, to free the grader for others. ` +
    `Open it again to carry on. ${GONE}`,
  total: (seconds: number) =>
    `This shell closed after ${duration(seconds)}, the longest a shell stays open, so graders stay free for ` +
    `everyone. Open it again to carry on. ${GONE}`,
  outputCap: (bytes: number) =>
    `This shell printed more than ${capSize(bytes)} in all, ` +
    `the most a shell may send to the page, so it was ` +
    `closed. Open it again, and page long output (\`| head\`, \`| less\`) instead of printing all of it.`,
  diskFull: (bytes: number) =>
    `This shell wrote more than ${formatMiB(bytes)} to the image's file system, the most a shell may write, so it ` +
    `was stopped. Open it again; a shell is for looking around the image, not for making large files.`,
  closedByYou: () => `You closed this shell and its container was removed. Open it again whenever you like.`,
  graderStopping: () =>
    `The grader restarted; open the shell again. (The grading machine serving this shell was stopping, ` +
    `so it closed its shells.) ${GONE}`,
  imageGone: () =>
    "This submission's image is no longer kept on the grader (built images are kept for a while after grading), " +
    "so there is nothing to open a shell in. Submit again to build it anew, then open the shell from the new report.",
  noShell: () =>
    "This image has no shell (/bin/sh), so there is nothing to type commands into: images built FROM scratch or on " +
    "a distroless base ship only the application, which is often the point. To look inside such an image on your " +
    "own machine, run a debug container that shares its namespaces (`docker run -it --pid=container:<name> " +
    "--network=container:<name> busybox sh`, or `docker debug <image>` with Docker Desktop), or copy its files " +
    "out (`docker create --name peek <image>`, then `docker cp peek:/ ./peek` or `docker export peek | tar -t`).",
  couldNotStart: () =>
    "The grader could not start a container for this shell (its Docker engine reported a problem). " +
    "Try again in a minute; if it keeps failing, tell your instructor.",
};
