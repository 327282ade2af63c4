import { type Finding, fail, formatBytes, LESSONS, pass } from "../../grading/lib";
import { layerLabel, layerLocation, plural } from "../describe-layer";
import { groupBy } from "../group-by";
import type { ImageCheck } from "../image-check";
import { locateLayers } from "../locate-layers";
import { overlayOf, type PlacedEntry } from "../overlay-layers";

/** A few stray bytes (an empty index, a lock file) are not worth a failure. */
const IGNORE_BELOW_BYTES = 10_000;

interface Cache {
  what: string;
  pattern: RegExp;
  fix: string;
}

// site-packages/**/__pycache__ is deliberately absent: compiled bytecode of installed packages is used at run time.
const CACHES: Cache[] = [
  {
    what: "pip's download cache",
    pattern: /^(root|home\/[^/]+)\/\.cache\/pip\//,
    fix: "Install with `pip install --no-cache-dir ...` (or set `ENV PIP_NO_CACHE_DIR=1`).",
  },
  {
    what: "uv's cache",
    pattern: /^(root|home\/[^/]+)\/\.cache\/uv\//,
    fix: "Run uv with `--no-cache`, or `rm -rf /root/.cache/uv` in the same RUN.",
  },
  {
    what: "apt's package lists",
    pattern: /^var\/lib\/apt\/lists\/(?!lock$|partial(\/|$)|auxfiles(\/|$))/,
    fix: "End the RUN that calls `apt-get update` with `&& rm -rf /var/lib/apt/lists/*`.",
  },
  {
    what: "downloaded .deb packages",
    pattern: /^var\/cache\/apt\/(archives\/.*\.deb|[^/]+\.bin)$/,
    fix: "Add `&& apt-get clean` (or `rm -rf /var/cache/apt/archives/*.deb`) to the RUN that installs packages.",
  },
  {
    what: "conda's package cache",
    pattern: /^opt\/conda\/pkgs\//,
    fix: "Finish the RUN that installs with `&& conda clean --all --yes`.",
  },
  {
    what: "npm's cache",
    pattern: /^(root|home\/[^/]+)\/\.npm\/_cacache\//,
    fix: "Run `npm ci --omit=dev && npm cache clean --force` in one RUN.",
  },
];

export const noPackageCaches: ImageCheck = {
  spec: {
    id: "size.no-package-caches",
    category: "size",
    title: "No package-manager caches left in the image",
    method: "image",
    measures:
      "Files your layers leave in the final image under pip's cache " +
      "(~/.cache/pip), apt's lists (/var/lib/apt/lists, except lock and " +
      "partial/), apt's archives (*.deb), and the conda, uv and npm caches.",
    points: 2,
    why:
      "Package managers keep downloaded archives and index files to speed up " +
      "the next install on the same machine. In an image there is no next " +
      "install: the cache is dead weight, often tens of megabytes, in every pull.",
    fix:
      "Clean the cache in the same RUN that fills it: `pip install " +
      "--no-cache-dir`, `apt-get install ... && rm -rf /var/lib/apt/lists/*`.",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3042/DL3009, dive",
  },
  run({ facts, dockerfile }) {
    const sources = locateLayers(facts.history, dockerfile);
    const found = [...overlayOf(facts.layers).final.values()].flatMap((placed) => {
      if (placed.entry.type !== "file" || facts.layers[placed.layer]!.isBase) return [];
      const cache = CACHES.find((c) => c.pattern.test(placed.entry.path));
      return cache ? [{ cache, placed }] : [];
    });
    const findings: Finding[] = [];
    const fixes: string[] = [];
    for (const [cache, group] of groupBy(found, (f) => f.cache)) {
      const placed: PlacedEntry[] = group.map((g) => g.placed);
      const bytes = placed.reduce((sum, p) => sum + p.entry.size, 0);
      if (bytes < IGNORE_BELOW_BYTES) continue;
      fixes.push(cache.fix);
      const layerIndex = mostBytesLayer(placed);
      const layer = facts.layers[layerIndex]!;
      findings.push({
        message:
          `Left in the final image: ${cache.what}, ${plural(placed.length, "file")}, ${formatBytes(bytes)}, ` +
          `mostly from ${layerLabel(layer, sources)}.`,
        location: layerLocation(layer, sources),
        evidence: placed
          .sort((a, b) => b.entry.size - a.entry.size)
          .slice(0, 3)
          .map((p) => `${formatBytes(p.entry.size)}\t/${p.entry.path}`)
          .join("\n"),
      });
    }
    // Removing a cache in a later RUN only hides it; the fix has to land in the RUN that filled it.
    const fix =
      `${fixes.join(" ")} Clean up in the RUN that creates the cache: deleting ` +
      `it in a later RUN does not shrink the image.`;
    return findings.length > 0
      ? fail(...findings.map((f) => ({ ...f, fix })))
      : pass("Your layers leave no pip, apt, conda, uv or npm caches in the final image.");
  },
};

function mostBytesLayer(placed: PlacedEntry[]): number {
  const totals = new Map<number, number>();
  for (const p of placed) totals.set(p.layer, (totals.get(p.layer) ?? 0) + p.entry.size);
  return [...totals].sort((a, b) => b[1] - a[1])[0]![0];
}
