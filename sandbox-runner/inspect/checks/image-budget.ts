import { fail, formatBytes, LESSONS, pass, skipped } from "../../grading/lib";
import { layerLabel, layerLocation } from "../describe-layer";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";

/** MB as `docker images` prints it (10^6 bytes), so the learner's local number and the budget agree. */
const MB = 1_000_000;

export const imageBudget: ImageCheck = {
  spec: {
    id: "size.image-budget",
    category: "size",
    title: "The image fits the exercise's size budget",
    method: "image",
    measures:
      "The image size `docker images` reports (all layers, uncompressed) " +
      "against the exercise's size.maxMB, in MB of 10^6 bytes.",
    points: 2,
    why:
      "Every deploy pulls the image onto a node, and every autoscaled replica " +
      "waits for that pull before it can serve. Big images cost registry " +
      "storage, bandwidth and start-up time; ML images grow fast (CUDA, " +
      "compilers, caches, weights).",
    fix:
      "Start from a slim base, install with `--no-install-recommends` and `pip " +
      "install --no-cache-dir`, clean up in the same RUN, and build " +
      "dependencies in a builder stage so only the results reach the final image.",
    lesson: LESSONS.baseImages,
    params: ["size.maxMB"],
    equivalent: "container-structure-test (metadata size limits)",
  },
  run({ facts, checks, dockerfile }) {
    const maxMB = checks.size?.maxMB;
    if (maxMB === undefined) return skipped("This exercise sets no size budget.");
    const actual = formatBytes(facts.sizeBytes);
    if (facts.sizeBytes <= maxMB * MB) {
      return pass(`The image is ${actual}, within the ${maxMB} MB budget.`, `${facts.sizeBytes} bytes`);
    }
    const sources = locateLayers(facts.history, dockerfile);
    const baseBytes = facts.layers.filter((l) => l.isBase).reduce((sum, l) => sum + l.sizeBytes, 0);
    const biggest = facts.layers
      .filter((l) => !l.isBase)
      .sort((a, b) => b.sizeBytes - a.sizeBytes)
      .slice(0, 3);
    const baseNote = baseBytes > 0 ? ` The base image accounts for ${formatBytes(baseBytes)}.` : "";
    const biggestList = biggest.map((l) => `${layerLabel(l, sources)} (${formatBytes(l.sizeBytes)})`).join("; ");
    const layersNote = biggest.length > 0 ? ` Your biggest layers: ${biggestList}.` : "";
    const over = formatBytes(facts.sizeBytes - maxMB * MB);
    return fail({
      message: `The image is ${actual}, over the ${maxMB} MB budget by ${over}.${baseNote}${layersNote}`,
      location: biggest[0] ? layerLocation(biggest[0], sources) : "image",
      evidence: biggest.map((l) => `${formatBytes(l.sizeBytes)}\t${layerLabel(l, sources)}`).join("\n") || undefined,
      fix:
        baseBytes > maxMB * MB
          ? `The base image alone is bigger than the budget: start the final stage ` +
            `from a slimmer base (e.g. python:3.11-slim), and build anything heavy in ` +
            `a builder stage.`
          : undefined,
    });
  },
};
