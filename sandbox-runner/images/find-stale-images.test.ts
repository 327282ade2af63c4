import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAB_SERVICE_IMAGES, PACKAGE_MIRROR_IMAGE, SEED_VERSION_LABEL, SERVICE_IMAGES } from "./base-images";
import { type ImageInfo, RECIPE_LABEL, seededImagesFor, staleImagesFrom } from "./find-stale-images";

const VERSION = "7";

function image(layers: string[], version?: string, recipe?: string): ImageInfo {
  const labels = { ...(version && { [SEED_VERSION_LABEL]: version }), ...(recipe && { [RECIPE_LABEL]: recipe }) };
  return { Config: { Labels: Object.keys(labels).length ? labels : null }, RootFS: { Layers: layers } };
}

/** What seed-pgvector.sh computes with `short_hash <seed-pgvector.sh`. */
const PGVECTOR_RECIPE = createHash("sha256")
  .update(readFileSync(new URL("./seed/seed-pgvector.sh", import.meta.url)))
  .digest("hex")
  .slice(0, 16);

function current(): Map<string, ImageInfo | undefined> {
  return new Map([
    ["debian:bookworm-slim", image(["d"])],
    ["python:3.11-slim", image(["d", "s"], VERSION)],
    ["python:3.11", image(["d", "s", "f"], VERSION)],
    ["dockyard/cuda:11.8-runtime-python3.11-bookworm", image(["d", "s", "c"], VERSION)],
    [PACKAGE_MIRROR_IMAGE, image(["d", "s", "m"], VERSION)],
    ["dockyard/cuda:11.8-devel-bookworm", image(["d", "n"], VERSION)],
    [SERVICE_IMAGES[0], image(["d", "r"], VERSION)],
    [SERVICE_IMAGES[1], image(["d", "j"], VERSION)],
    [LAB_SERVICE_IMAGES[0], image(["d", "g"], VERSION)],
    [SERVICE_IMAGES[2], image(["t"], VERSION, PGVECTOR_RECIPE)],
  ]);
}

describe("staleImagesFrom", () => {
  it("finds nothing to do when every image is current and on its base", () => {
    expect(staleImagesFrom(current(), VERSION)).toEqual([]);
  });

  it("reports missing images", () => {
    const infos = current();
    infos.delete("python:3.11");
    infos.set(PACKAGE_MIRROR_IMAGE, undefined);
    expect(staleImagesFrom(infos, VERSION)).toEqual([
      { name: "python:3.11", reason: "missing" },
      { name: PACKAGE_MIRROR_IMAGE, reason: "missing" },
    ]);
  });

  it("reports a python image from an older seed version, or with no version at all", () => {
    const infos = current();
    infos.set("python:3.11-slim", image(["d", "s"]));
    infos.set("python:3.11", image(["d", "s", "f"], "6"));
    expect(staleImagesFrom(infos, VERSION)).toEqual([
      { name: "python:3.11-slim", reason: "outdated" },
      { name: "python:3.11", reason: "outdated" },
    ]);
  });

  it("does not ask debian:bookworm-slim for a seed version", () => {
    const infos = current();
    infos.set("debian:bookworm-slim", image(["d"], "1"));
    expect(staleImagesFrom(infos, VERSION)).toEqual([]);
  });

  it("reports images whose base was re-seeded under them", () => {
    const infos = current();
    infos.set("python:3.11-slim", image(["d", "s2"], VERSION));
    expect(staleImagesFrom(infos, VERSION)).toEqual([
      { name: "python:3.11", reason: "base-changed" },
      { name: "dockyard/cuda:11.8-runtime-python3.11-bookworm", reason: "base-changed" },
      { name: PACKAGE_MIRROR_IMAGE, reason: "base-changed" },
    ]);
  });

  it("rebuilds the Redis service image when it is missing, outdated, or its Debian image was re-seeded", () => {
    const infos = current();
    infos.set(SERVICE_IMAGES[0], undefined);
    expect(staleImagesFrom(infos, VERSION)).toEqual([{ name: SERVICE_IMAGES[0], reason: "missing" }]);
    infos.set(SERVICE_IMAGES[0], image(["d", "r"], "6"));
    expect(staleImagesFrom(infos, VERSION)).toEqual([{ name: SERVICE_IMAGES[0], reason: "outdated" }]);
    infos.set(SERVICE_IMAGES[0], image(["d2", "r"], VERSION));
    expect(staleImagesFrom(infos, VERSION)).toEqual([{ name: SERVICE_IMAGES[0], reason: "base-changed" }]);
  });

  it("rebuilds the pgvector image, which has no base of ours, when its recipe file changed", () => {
    const infos = current();
    infos.set("debian:bookworm-slim", image(["d2"]));
    expect(staleImagesFrom(infos, VERSION)).toContainEqual({ name: SERVICE_IMAGES[1], reason: "base-changed" });
    expect(staleImagesFrom(infos, VERSION).map((s) => s.name)).not.toContain(SERVICE_IMAGES[2]);
    infos.set(SERVICE_IMAGES[2], image(["t"], VERSION, "0123456789abcdef"));
    expect(staleImagesFrom(infos, VERSION)).toContainEqual({ name: SERVICE_IMAGES[2], reason: "recipe-changed" });
    infos.set(SERVICE_IMAGES[2], image(["t"], VERSION));
    expect(staleImagesFrom(infos, VERSION)).toContainEqual({ name: SERVICE_IMAGES[2], reason: "recipe-changed" });
  });

  it("checks only the images a host needs, with the images they are seeded on, when it names them", () => {
    const cuda = "dockyard/cuda:11.8-runtime-python3.11-bookworm";
    const needed = seededImagesFor([cuda, PACKAGE_MIRROR_IMAGE]);
    expect(needed.map((i) => i.name)).toEqual(["debian:bookworm-slim", "python:3.11-slim", cuda, PACKAGE_MIRROR_IMAGE]);
    // A GPU host that carries only those: nothing else is missing.
    const infos = current();
    for (const name of [...SERVICE_IMAGES, ...LAB_SERVICE_IMAGES, "python:3.11"]) infos.set(name, undefined);
    expect(staleImagesFrom(infos, VERSION, needed)).toEqual([]);
    // What they stand on still counts.
    infos.set("python:3.11-slim", image(["d", "s2"], VERSION));
    expect(staleImagesFrom(infos, VERSION, needed)).toEqual([
      { name: cuda, reason: "base-changed" },
      { name: PACKAGE_MIRROR_IMAGE, reason: "base-changed" },
    ]);
    expect(seededImagesFor()).toHaveLength(staleImagesFrom(new Map(), VERSION).length);
  });
});
