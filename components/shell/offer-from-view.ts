import type { ExerciseSpec } from "@/lib/exercises/exercise-schema";
import type { ShellView } from "@/lib/shell/shell-view";
import type { ShellOffer } from "./shell-offer";

/**
 * The offer's part a server page knows: whether the image is still kept, and whether the viewer's shell on it is
 * live. While the submission is being graded the page knows nothing yet: the report arrives live, its image just
 * kept (and if it was not, opening says why). Not in the client module: server pages call it.
 */
export function offerFromView(view: ShellView): Pick<ShellOffer, "kept" | "reattach"> {
  if (view.shell) return { reattach: true };
  if (view.unavailable?.reason === "grading") return {};
  return { kept: { available: view.available, reason: view.unavailable?.message } };
}

/** An exercise's shell settings as an offer takes them; a submission whose exercise left the course gets defaults. */
export function shellSettings(spec: ExerciseSpec | undefined): Pick<ShellOffer, "readOnlyRootfs" | "tryThese"> {
  return { readOnlyRootfs: spec?.shell.readOnlyRootfs ?? true, tryThese: spec?.shell.tryThese };
}
