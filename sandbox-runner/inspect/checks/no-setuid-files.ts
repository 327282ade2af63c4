import { type Finding, fail, LESSONS, pass } from "../../grading/lib";
import { capitalise, layerLabel, layerLocation } from "../describe-layer";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";
import { overlayOf, type PlacedEntry } from "../overlay-layers";

const SPECIAL_BITS = 0o6000;

export const noSetuidFiles: ImageCheck = {
  spec: {
    id: "security.no-setuid-files",
    category: "security",
    title: "Your layers add no setuid or setgid programs",
    method: "image",
    measures:
      "Regular files in the final image whose mode has the setuid or setgid bit " +
      "(04000/02000), added or changed by your layers.",
    points: 2,
    why:
      "A setuid program runs with its owner's rights, usually root, whoever " +
      "starts it. Running as a non-root user is only a barrier if no such " +
      "program lets that user become root again.",
    fix:
      "Do not `chmod u+s`/`g+s` anything in the Dockerfile; if a package you " +
      "install ships setuid programs you do not need, strip the bit with `chmod " +
      "a-s <file>` in the same RUN.",
    lesson: LESSONS.nonRoot,
    equivalent: "dockle CIS-DI-0008",
  },
  run({ facts, dockerfile }) {
    const special = [...overlayOf(facts.layers).final.values()].filter(
      (p) => p.entry.type === "file" && (p.entry.mode & SPECIAL_BITS) !== 0,
    );
    const fromBase = special.filter((p) => facts.layers[p.layer]!.isBase);
    const learner = special.filter((p) => !facts.layers[p.layer]!.isBase);
    const baseNote =
      fromBase.length > 0
        ? ` The base image brings ${fromBase.length} setuid/setgid program${fromBase.length === 1 ? "" : "s"} ` +
          `of its own (e.g. /${fromBase[0]!.entry.path}); those are not counted ` +
          `against you, though a slimmer base has fewer.`
        : "";
    if (learner.length === 0) return pass(`None of your layers adds a setuid or setgid program.${baseNote}`);

    const sources = locateLayers(facts.history, dockerfile);
    const byLayer = groupBy(learner, (p) => p.layer);
    const findings: Finding[] = [...byLayer].map(([index, placed]) => {
      const layer = facts.layers[index]!;
      return {
        message:
          `${capitalise(layerLabel(layer, sources))} leaves ${placed.length} ` +
          `setuid/setgid file${placed.length === 1 ? "" : "s"} in the image: ${list(placed)}. ` +
          `Anyone who can run a program in the container can use these to act as ` +
          `their owner (usually root).${baseNote}`,
        location: layerLocation(layer, sources),
        evidence: placed.map((p) => `${modeString(p.entry.mode)} /${p.entry.path}`).join("\n"),
      };
    });
    return fail(...findings);
  },
};

function list(placed: PlacedEntry[]): string {
  const shown = placed.slice(0, 5).map((p) => `/${p.entry.path}`);
  return placed.length > 5 ? `${shown.join(", ")} and ${placed.length - 5} more` : shown.join(", ");
}

function modeString(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}
