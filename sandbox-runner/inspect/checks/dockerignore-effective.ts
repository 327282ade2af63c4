import { type Finding, fail, flagValue, formatBytes, LESSONS, pass } from "../../grading/lib";
import { capitalise, layerLabel, layerLocation, plural } from "../describe-layer";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import type { FileEntry } from "../image-facts";
import { locateLayers } from "../locate-layers";

const BIG_FILE_BYTES = 1_000_000;

interface Unwanted {
  what: string;
  // .dockerignore patterns; a leading "**/" makes a pattern match at any depth, which Docker does not do by default.
  ignoreLines: string[];
  matches(file: FileEntry, parts: string[], name: string): boolean;
}

const has = (parts: string[], ...names: string[]) => parts.slice(0, -1).some((p) => names.includes(p));
const WEIGHTS = /\.(pt|pth|bin|ckpt|safetensors|onnx|h5)$/i;

// Things that live next to the code on a developer's machine but never belong in the image.
const UNWANTED: Unwanted[] = [
  { what: "Git history (.git/)", ignoreLines: [".git"], matches: (_f, parts) => has(parts, ".git") },
  {
    what: "Python bytecode caches",
    ignoreLines: ["**/__pycache__", "**/*.pyc"],
    matches: (_f, parts, name) => has(parts, "__pycache__") || /\.py[co]$/.test(name),
  },
  {
    what: "a local virtual environment",
    ignoreLines: [".venv", "venv"],
    matches: (_f, parts) => has(parts, ".venv", "venv"),
  },
  { what: "node_modules/", ignoreLines: ["node_modules"], matches: (_f, parts) => has(parts, "node_modules") },
  {
    what: "notebook checkpoints",
    ignoreLines: ["**/.ipynb_checkpoints"],
    matches: (_f, parts) => has(parts, ".ipynb_checkpoints"),
  },
  {
    what: "tool caches",
    ignoreLines: [".pytest_cache", ".mypy_cache", ".ruff_cache"],
    matches: (_f, parts) => has(parts, ".pytest_cache", ".mypy_cache", ".ruff_cache"),
  },
  { what: "log files", ignoreLines: ["**/*.log"], matches: (_f, _parts, name) => name.endsWith(".log") },
  {
    what: "data sets",
    ignoreLines: ["data", "datasets"],
    matches: (f, parts) => f.size > BIG_FILE_BYTES && has(parts, "data", "datasets"),
  },
  {
    what: "model weights or checkpoints",
    ignoreLines: ["**/*.ckpt", "checkpoints", "models (or just the weight files you do not serve)"],
    matches: (f, parts, name) =>
      f.size > BIG_FILE_BYTES &&
      (name.endsWith(".ckpt") || (WEIGHTS.test(name) && has(parts, "models", "checkpoints"))),
  },
];

export const dockerignoreEffective: ImageCheck = {
  spec: {
    id: "size.dockerignore-effective",
    category: "size",
    title: "COPY brings in only what the app needs",
    method: "image",
    measures:
      "Files your COPY/ADD layers took from the build context that a " +
      ".dockerignore should exclude: .git/, __pycache__/*.pyc, .venv/, " +
      "node_modules/, .ipynb_checkpoints/, *.log, and data sets or model " +
      "weights over 1 MB under data/, datasets/, models/ or checkpoints/.",
    points: 2,
    why:
      "Everything COPY takes from the context ends up in a layer: it makes the " +
      "image bigger, slows every build upload, busts the layer cache whenever " +
      "an unrelated file changes, and can leak history (.git) or data that was " +
      "never meant to ship.",
    fix:
      "Add a .dockerignore next to the Dockerfile listing .git, __pycache__/, " +
      "*.pyc, .venv/, node_modules/, .ipynb_checkpoints/, *.log and your data/ " +
      "and model directories, and COPY only the files the app needs.",
    lesson: LESSONS.context,
    equivalent: "dockle DKL-LI-0003",
  },
  run({ facts, dockerfile }) {
    const sources = locateLayers(facts.history, dockerfile);
    const findings: Finding[] = [];
    const rules = new Set<Unwanted>();
    for (const layer of facts.layers) {
      const source = sources.get(layer.index);
      // COPY --from takes files from another stage, not from the context; ADD <url> downloads.
      if (
        layer.isBase ||
        !/^(COPY|ADD)\b/.test(layer.createdBy) ||
        (source && flagValue(source, "from")) ||
        source?.args.includes("://")
      )
        continue;
      const hits = layer.files.flatMap((file) => {
        if (file.whiteout || file.type !== "file") return [];
        const parts = file.path.split("/");
        const rule = UNWANTED.find((u) => u.matches(file, parts, parts.at(-1)!));
        return rule ? [{ rule, file }] : [];
      });
      for (const [rule, group] of groupBy(hits, (h) => h.rule)) {
        rules.add(rule);
        const bytes = group.reduce((sum, h) => sum + h.file.size, 0);
        const top = group.sort((a, b) => b.file.size - a.file.size).slice(0, 3);
        const biggest = top.map((h) => `/${h.file.path} ${formatBytes(h.file.size)}`).join(", ");
        findings.push({
          message:
            `${capitalise(layerLabel(layer, sources))} copied ${rule.what} into the image: ` +
            `${plural(group.length, "file")}, ${formatBytes(bytes)} (biggest: ${biggest}).`,
          location: layerLocation(layer, sources),
          evidence: top.map((h) => `${formatBytes(h.file.size)}\t/${h.file.path}`).join("\n"),
        });
      }
    }
    const ignoreLines = [...rules].flatMap((r) => r.ignoreLines).join(", ");
    const fix = `Add these lines to .dockerignore so they never reach the build: ${ignoreLines}.`;
    return findings.length > 0
      ? fail(...findings.map((f) => ({ ...f, fix })))
      : pass(
          "Your COPY steps bring in no Git history, caches, virtual environments, logs, data sets or model weights.",
        );
  },
};
