import { type Finding, fail, LESSONS, pass } from "../../grading/lib";
import { capitalise, layerLabel, layerLocation } from "../describe-layer";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";
import { overlayOf } from "../overlay-layers";

/** Scratch space is meant to be shared; elsewhere the sticky bit does not make a writable file safe. */
const SHARED_SCRATCH = /^(tmp|var\/tmp|dev\/shm|run\/lock)(\/|$)/;

export const noWorldWritableFiles: ImageCheck = {
  spec: {
    id: "security.no-world-writable-files",
    category: "security",
    title: "Your layers make nothing world-writable",
    method: "image",
    measures:
      "Files and directories in the final image, from your layers and outside " +
      "/tmp and /var/tmp, whose mode lets any user write (o+w), e.g. after `chmod 777`.",
    points: 1,
    why:
      "World-writable code or directories let any process in the container, " +
      "whatever user it runs as, change what the service executes or serves. " +
      "`chmod -R 777` is a common shortcut for permission errors that undoes " +
      "the point of a non-root user.",
    fix:
      "Give the files to the user that needs them instead: `COPY " +
      "--chown=app:app ...` or `chown -R app:app /app`, with modes such as 755 " +
      "for directories and 644 for files.",
    lesson: LESSONS.nonRoot,
    equivalent: "dockle (file permissions), container-structure-test (fileExistenceTests permissions)",
  },
  run({ facts, dockerfile }) {
    const writable = [...overlayOf(facts.layers).final.values()].filter(
      (p) =>
        !facts.layers[p.layer]!.isBase &&
        (p.entry.type === "file" || p.entry.type === "dir") &&
        (p.entry.mode & 0o002) !== 0 &&
        !SHARED_SCRATCH.test(p.entry.path),
    );
    if (writable.length === 0) return pass("Nothing your layers add is writable by every user.");
    const sources = locateLayers(facts.history, dockerfile);
    const findings: Finding[] = [...groupBy(writable, (p) => p.layer)].map(([index, placed]) => {
      const layer = facts.layers[index]!;
      const shown = placed.slice(0, 5).map((p) => `/${p.entry.path}${p.entry.type === "dir" ? "/" : ""}`);
      const more = placed.length > 5 ? ` and ${placed.length - 5} more` : "";
      return {
        message:
          `${capitalise(layerLabel(layer, sources))} leaves ${placed.length} ` +
          `world-writable path${placed.length === 1 ? "" : "s"}: ${shown.join(", ")}${more}.`,
        location: layerLocation(layer, sources),
        evidence: placed
          .slice(0, 5)
          .map((p) => `${(p.entry.mode & 0o7777).toString(8).padStart(4, "0")} /${p.entry.path}`)
          .join("\n"),
      };
    });
    return fail(...findings);
  },
};
