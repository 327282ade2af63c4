import { type Finding, fail, LESSONS, pass } from "../../grading/lib";
import { layerLabel, layerLocation } from "../describe-layer";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";
import { overlayOf } from "../overlay-layers";
import { isEnvFileName } from "../secret-file-kind";

export const noEnvFileInImage: ImageCheck = {
  spec: {
    id: "security.no-env-file-in-image",
    category: "security",
    title: "No .env file in the image",
    method: "image",
    measures:
      "Files named .env or .env.<something> (not .env.example) in any of your " +
      "layers, including ones a later layer deletes.",
    points: 2,
    why:
      "A .env file holds the settings of one machine, usually with passwords " +
      "and API keys. Once it is in a layer everyone who gets the image gets it " +
      "too, and deleting it later does not remove it from that layer. `COPY . " +
      ".` picks it up unless .dockerignore excludes it.",
    fix:
      "Add `.env` and `.env.*` (with `!.env.example`) to .dockerignore, and " +
      "give the container its settings at run time with `docker run --env-file .env`.",
    lesson: LESSONS.context,
    equivalent: "dockle DKL-LI-0003 (unnecessary files), CIS-DI-0010",
  },
  run({ facts, dockerfile }) {
    const sources = locateLayers(facts.history, dockerfile);
    const { shadowed } = overlayOf(facts.layers);
    const findings: Finding[] = [];
    for (const layer of facts.layers.filter((l) => !l.isBase)) {
      for (const file of layer.files) {
        const name = file.path.slice(file.path.lastIndexOf("/") + 1).toLowerCase();
        if (file.whiteout || file.type !== "file" || !isEnvFileName(name)) continue;
        const copied = /^(COPY|ADD)\b/.test(layer.createdBy);
        const hidden = shadowed.find((s) => s.layer === layer.index && s.entry.path === file.path);
        const addedBy = layerLabel(layer, sources);
        const later = hidden
          ? ` A later step (${layerLabel(facts.layers[hidden.hiddenBy]!, sources)}) ` +
            `${hidden.how === "deleted" ? "deletes" : "overwrites"} ` +
            `it, but the file is still inside layer ${layer.index + 1}.`
          : "";
        findings.push({
          message: `/${file.path} (${file.size} bytes) is in the image, added by ${addedBy}.${later}`,
          location: layerLocation(layer, sources),
          evidence: `/${file.path}`,
          fix: copied
            ? "Add `.env` and `.env.*` to .dockerignore so COPY never sends it into the " +
              "build, and pass settings at run time with `docker run --env-file .env`."
            : "Do not write a .env file in a RUN step: set non-secret defaults with ENV " +
              "and pass secrets at run time with `docker run --env-file`.",
        });
      }
    }
    return findings.length > 0 ? fail(...findings) : pass("No .env file in any of your layers.");
  },
};
