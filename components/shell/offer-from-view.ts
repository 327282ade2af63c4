import type { ExerciseSpec } from "@/lib/exercises/exercise-schema";
import type { ShellView } from "@/lib/shell/shell-view";
import type { ShellOffer } from "./shell-offer";

/** The offer's part a server page knows: whether the image is kept and the shell live (nothing while grading). */
export function offerFromView(view: ShellView): Pick<ShellOffer, "kept" | "reattach"> {
  if (view.shell) return { reattach: true };
  if (view.unavailable?.reason === "grading") return {};
  return { kept: { available: view.available, reason: view.unavailable?.message } };
}

/** An exercise's shell settings as an offer takes them; a submission whose exercise left the course gets defaults. */
export function shellSettings(spec: ExerciseSpec | undefined): Pick<ShellOffer, "readOnlyRootfs" | "tryThese"> {
  return { readOnlyRootfs: spec?.shell.readOnlyRootfs ?? true, tryThese: spec?.shell.tryThese };
}
