// Free of zod: the exercise and lab pages render the warm-up notice before interaction, where zod must not come in
// (test-support/first-load.test.ts). The schemas stay in warm-up.ts.
import type { PartStanding, WarmUp } from "./warm-up";

const notReady = (standing: PartStanding | undefined) =>
  standing !== undefined && (standing.state === "warming" || standing.state === "failed");

/** Gradings wait in the queue: the runner starts only once the images are ready. */
export function gradingWaits(warmUp: WarmUp): boolean {
  return notReady(warmUp.parts.baseImages);
}

/** Labs wait in their queue: a lab loads the images, and its host needs the lab accounts. */
export function labsWait(warmUp: WarmUp): boolean {
  return notReady(warmUp.parts.baseImages) || notReady(warmUp.parts.labHost);
}

/** What an exercise or lab page tells a learner while its work waits on the warm-up; undefined when nothing waits. */
export function warmUpNotice(kind: "exercise" | "lab", warmUp: WarmUp): string | undefined {
  const waits = kind === "exercise" ? gradingWaits(warmUp) : labsWait(warmUp);
  if (!waits) return undefined;
  const failed = Object.values(warmUp.parts).some((p) => p?.state === "failed");
  const work =
    kind === "exercise"
      ? "your submission is queued and will be graded"
      : "you can start your lab now: it is queued and will start";
  return failed
    ? `Preparing the grading machine stopped on an error, which the operator has been told about; ${work} ` +
        "once it is ready."
    : `Images are still being prepared (the platform has just started); ${work} when they are ready.`;
}
