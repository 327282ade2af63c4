import { type Finding, fail, formatBytes, LESSONS, pass, warn } from "../../grading/lib";
import { computeWaste } from "../compute-waste";
import { layerLabel, layerLocation, plural } from "../describe-layer";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";

/** Below this nothing is said: a few overwritten config files are normal. */
export const WASTE_WARN_BYTES = 1_000_000;
/** Fail above 10 MB, or above 10% of what the learner's layers hold if that is more. */
export const WASTE_FAIL_BYTES = 10_000_000;
export const WASTE_FAIL_SHARE = 0.1;
const GROUPS_SHOWN = 3;
/** Groups smaller than this are summed into "more" rather than listed. */
const GROUP_LISTED_BYTES = 10_000;

export const wastedBytes: ImageCheck = {
  spec: {
    id: "size.wasted-bytes",
    category: "size",
    title: "Your layers do not carry deleted or overwritten files",
    method: "image",
    measures:
      "Bytes in your layers that a later layer deletes or overwrites (dive's " +
      "wasted space, base layers excluded). Warns from 1 MB; fails above 10 MB " +
      "or 10% of your layers' bytes, whichever is larger.",
    points: 2,
    why:
      "Each layer is an immutable diff. A file deleted by a later RUN " +
      "disappears from the container's view, but its bytes stay in the layer " +
      "that wrote it and are shipped with every pull. Only deleting in the same " +
      "RUN that created the file keeps it out of the image.",
    fix:
      "Clean up in the same RUN that creates the files, e.g. `RUN apt-get " +
      "update && apt-get install -y --no-install-recommends x && rm -rf " +
      "/var/lib/apt/lists/*`, or build in a separate stage and COPY only the result.",
    lesson: LESSONS.layers,
    equivalent: "dive (wasted space, image efficiency)",
  },
  run({ facts, dockerfile }) {
    const report = computeWaste(facts.layers);
    const efficiency = `${(report.efficiency * 100).toFixed(1)}%`;
    const summary =
      `Your layers hold ${formatBytes(report.learnerBytes)} of files, of which ${formatBytes(report.wastedBytes)} ` +
      `can never be seen by a container (efficiency ${efficiency}).`;
    if (report.wastedBytes < WASTE_WARN_BYTES)
      return pass(summary, `wasted ${report.wastedBytes} bytes of ${report.learnerBytes}`);

    const sources = locateLayers(facts.history, dockerfile);
    const groups = [...groupBy(report.items, (i) => `${i.layer}:${i.hiddenBy}:${i.how}`).values()]
      .map((items) => ({ items, bytes: items.reduce((sum, i) => sum + i.entry.size, 0) }))
      .sort((a, b) => b.bytes - a.bytes);
    const listed = groups.filter((g, n) => n === 0 || (n < GROUPS_SHOWN && g.bytes >= GROUP_LISTED_BYTES));
    const findings: Finding[] = listed.map(({ items, bytes }, n) => {
      const added = facts.layers[items[0]!.layer]!;
      const hidden = facts.layers[items[0]!.hiddenBy]!;
      const verb = items[0]!.how === "deleted" ? "deleted" : "overwritten";
      const paths = items.slice(0, 3).map((i) => `/${i.entry.path} (${formatBytes(i.entry.size)})`);
      const more = items.length > 3 ? ` and ${items.length - 3} more file${items.length - 3 === 1 ? "" : "s"}` : "";
      return {
        message:
          `${n === 0 ? `${summary} ` : ""}${formatBytes(bytes)} added by ${layerLabel(added, sources)}, ` +
          `${verb} by ${layerLabel(hidden, sources)}: ${paths.join(", ")}${more}.`,
        location: layerLocation(added, sources),
        evidence: items
          .slice(0, 5)
          .map((i) => `${formatBytes(i.entry.size)}\t/${i.entry.path}`)
          .join("\n"),
        fix:
          verb === "deleted"
            ? `Delete these files in the same RUN that creates them (join the commands of layer ${added.index + 1} ` +
              `and layer ${hidden.index + 1} with &&), or never create them in this stage.`
            : `Write these files once: merge the steps of layer ${added.index + 1} and layer ${hidden.index + 1}, ` +
              `or produce the final version in a build stage and COPY it.`,
      };
    });
    const others = groups.filter((g) => !listed.includes(g));
    if (others.length > 0) {
      const rest = others.reduce((sum, g) => sum + g.bytes, 0);
      findings.push({ message: `${formatBytes(rest)} more is wasted in ${plural(others.length, "other place")}.` });
    }
    const failAt = Math.max(WASTE_FAIL_BYTES, WASTE_FAIL_SHARE * report.learnerBytes);
    return report.wastedBytes > failAt ? fail(...findings) : warn(...findings);
  },
};
