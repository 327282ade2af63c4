import { type Finding, fail, formatBytes, LESSONS, pass } from "../../grading/lib";
import { capitalise, layerLabel, layerLocation } from "../describe-layer";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";
import { overlayOf, type PlacedEntry } from "../overlay-layers";

const COMPILER = /^usr\/(local\/)?bin\/(([\w]+-linux-gnu-)?(gcc|g\+\+|cpp|c\+\+)(-\d+)?|cc|make|clang(\+\+)?(-\d+)?)$/;
const GCC_INTERNALS = /^usr\/lib\/gcc\//;
const HEADERS = /^usr\/include\//;
/** A handful of headers come with runtime packages; a full development tree has hundreds. */
const MANY_HEADERS = 100;

/** The build tools in one set of placed entries, named for a learner: "gcc-12, make, usr/lib/gcc/ (20 files)". */
function toolsIn(placed: PlacedEntry[]): { names: string[]; bytes: number; count: number } {
  const bins = placed.filter((p) => COMPILER.test(p.entry.path));
  const internals = placed.filter((p) => GCC_INTERNALS.test(p.entry.path));
  const headers = placed.filter((p) => HEADERS.test(p.entry.path));
  const names = [...new Set(bins.map((p) => p.entry.path.slice(p.entry.path.lastIndexOf("/") + 1)))].sort();
  if (internals.length > 0) names.push(`/usr/lib/gcc/ (${internals.length} files)`);
  const counted = [...bins, ...internals];
  if (headers.length >= MANY_HEADERS) {
    names.push(`/usr/include/ (${headers.length} headers)`);
    counted.push(...headers);
  }
  return { names, bytes: counted.reduce((sum, p) => sum + p.entry.size, 0), count: counted.length };
}

export const buildToolsNotInFinalImage: ImageCheck = {
  spec: {
    id: "size.build-tools-not-in-final-image",
    category: "size",
    title: "No compilers in the final image",
    method: "image",
    measures:
      "Compilers and build tools in the final file system (usr/bin/gcc*, g++*, " +
      "cc, c++, cpp, make, clang, *-linux-gnu-gcc*, usr/lib/gcc/, and a " +
      "usr/include/ with 100+ headers), from your layers or from the base image.",
    points: 2,
    why:
      "Compilers are needed to build wheels and extensions, not to run them. In " +
      "the final image they add hundreds of megabytes and give an attacker who " +
      "gets in a ready-made toolchain.",
    fix:
      "Compile in a builder stage (`FROM python:3.11-slim AS build`, install " +
      "build-essential, build a venv or wheels there), then `COPY --from=build` " +
      "the venv, or install the wheels through `RUN --mount=type=bind,from=build,...`, " +
      "into a final stage that has no compilers.",
    lesson: LESSONS.multiStage,
    equivalent: "dive / container-structure-test (fileExistenceTests shouldExist: false)",
  },
  run({ facts, dockerfile }) {
    const files = [...overlayOf(facts.layers).final.values()].filter(
      (p) => p.entry.type !== "dir" && !p.entry.whiteout,
    );
    const base = toolsIn(files.filter((p) => facts.layers[p.layer]!.isBase));
    const learner = files.filter((p) => !facts.layers[p.layer]!.isBase);
    const sources = locateLayers(facts.history, dockerfile);
    const findings: Finding[] = [];

    for (const [index, placed] of groupBy(learner, (p) => p.layer)) {
      const tools = toolsIn(placed);
      if (tools.count === 0) continue;
      const layer = facts.layers[index]!;
      findings.push({
        message:
          `${capitalise(layerLabel(layer, sources))} leaves build tools in the final image: ` +
          `${tools.names.join(", ")} ` +
          `(${formatBytes(tools.bytes)} in these files alone, more with their libraries).`,
        location: layerLocation(layer, sources),
        evidence: tools.names.join("\n"),
        fix:
          "Move this install and the compile steps into a builder stage. COPY --from it only " +
          "the virtual environment or binaries it built; install built wheels through " +
          "RUN --mount=type=bind,from=<builder>,source=/wheels,target=/wheels instead of " +
          "copying them, or they stay in the image.",
      });
    }
    if (base.count > 0) {
      const baseName = facts.base?.ref ?? "your base image";
      const fromLine = dockerfile.shippedStages[0]?.from.line;
      findings.push({
        message:
          `The base image (${baseName}) itself brings build tools: ${base.names.join(", ")}. ` +
          `Your own layers cannot remove them; only a different base for the final stage can.`,
        location: fromLine ? `Dockerfile:${fromLine}` : "FROM of the final stage",
        evidence: base.names.join("\n"),
        fix:
          "Keep the full image for a builder stage if you need its compilers, and " +
          "start the final stage from a slim runtime base (e.g. python:3.11-slim), " +
          "copying in only what you built.",
      });
    }
    return findings.length > 0 ? fail(...findings) : pass("The final image has no compilers or build tools.");
  },
};
