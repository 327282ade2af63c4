import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";
import { z } from "zod";
import { ignoreNotFound } from "../docker/docker-error";
import {
  BASE_IMAGES,
  LAB_SERVICE_IMAGES,
  PACKAGE_MIRROR_IMAGE,
  SEED_VERSION_LABEL,
  SERVICE_IMAGES,
  seedVersion,
} from "./base-images";

export interface SeededImage {
  name: string;
  /** The image it is committed on top of: re-seeding that one makes this one stale. */
  base?: string;
  /** Carries the seed-version label (debian:bookworm-slim predates it and never changes). */
  versioned: boolean;
  /** Built from one seed file alone, whose hash the image's dockyard.recipe label names: editing it rebuilds. */
  recipe?: string;
}

/** The label seed/seed-pgvector.sh puts on its image: the first 16 hex digits of that file's SHA-256. */
export const RECIPE_LABEL = "dockyard.recipe";
const recipes = new Map<string, string>();
function recipeHash(file: string): string {
  let hash = recipes.get(file);
  if (!hash) {
    const text = readFileSync(fileURLToPath(new URL(`./seed/${file}`, import.meta.url)));
    hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
    recipes.set(file, hash);
  }
  return hash;
}

const [DEBIAN, PYTHON_SLIM, PYTHON_FULL, CUDA_RUNTIME, CUDA_DEVEL] = BASE_IMAGES;
const [REDIS, JUPYTER, PGVECTOR] = SERVICE_IMAGES;
const [REGISTRY] = LAB_SERVICE_IMAGES;

/** In seeding order; seed/seed-base-images.sh applies the same rules. */
export const SEEDED_IMAGES: readonly SeededImage[] = [
  { name: DEBIAN, versioned: false },
  { name: PYTHON_SLIM, base: DEBIAN, versioned: true },
  { name: PYTHON_FULL, base: PYTHON_SLIM, versioned: true },
  { name: CUDA_RUNTIME, base: PYTHON_SLIM, versioned: true },
  { name: PACKAGE_MIRROR_IMAGE, base: PYTHON_SLIM, versioned: true },
  { name: CUDA_DEVEL, base: DEBIAN, versioned: true },
  { name: REDIS, base: DEBIAN, versioned: true },
  { name: JUPYTER, base: DEBIAN, versioned: true },
  { name: REGISTRY, base: DEBIAN, versioned: true },
  { name: PGVECTOR, versioned: true, recipe: "seed-pgvector.sh" },
];

export type StaleReason = "missing" | "outdated" | "recipe-changed" | "base-changed";
export interface StaleImage {
  name: string;
  reason: StaleReason;
}

const imageInfoSchema = z.object({
  Config: z.object({ Labels: z.record(z.string(), z.string()).nullish() }),
  RootFS: z.object({ Layers: z.array(z.string()).nullish() }),
});
/** The part of `docker image inspect` staleness depends on. */
export type ImageInfo = z.infer<typeof imageInfoSchema>;

/**
 * The seeded images `wanted` names and the images they are seeded on, or every seeded image when it names none: what
 * a host that grades only some exercises (a GPU host proving the GPU exercises, scripts/gpu/) needs in place.
 */
export function seededImagesFor(wanted?: readonly string[]): readonly SeededImage[] {
  if (!wanted) return SEEDED_IMAGES;
  const needed = new Set<string>();
  const add = (name: string): void => {
    const image = SEEDED_IMAGES.find((i) => i.name === name);
    if (!image || needed.has(name)) return;
    needed.add(name);
    if (image.base) add(image.base);
  };
  for (const name of wanted) add(name);
  return SEEDED_IMAGES.filter((i) => needed.has(i.name));
}

/**
 * The seeded images (of `wanted`, see seededImagesFor) that are missing or no longer what the seed script would
 * build: one inspect per image, so cheap enough to run before every use.
 */
export async function findStaleImages(docker: Docker, wanted?: readonly string[]): Promise<StaleImage[]> {
  const images = seededImagesFor(wanted);
  const infos = new Map<string, ImageInfo | undefined>();
  await Promise.all(
    images.map(async ({ name }) => {
      const info = await ignoreNotFound(docker.getImage(name).inspect());
      infos.set(name, info && imageInfoSchema.parse(info));
    }),
  );
  return staleImagesFrom(infos, seedVersion(), images);
}

/** The decision itself, from the inspected images (absent or undefined: not there). */
export function staleImagesFrom(
  infos: ReadonlyMap<string, ImageInfo | undefined>,
  version: string,
  images: readonly SeededImage[] = SEEDED_IMAGES,
): StaleImage[] {
  const stale: StaleImage[] = [];
  for (const image of images) {
    const reason = staleReason(image, infos, version);
    if (reason) stale.push({ name: image.name, reason });
  }
  return stale;
}

function staleReason(
  image: SeededImage,
  infos: ReadonlyMap<string, ImageInfo | undefined>,
  version: string,
): StaleReason | undefined {
  const info = infos.get(image.name);
  if (!info) return "missing";
  if (image.versioned && info.Config.Labels?.[SEED_VERSION_LABEL] !== version) return "outdated";
  if (image.recipe && info.Config.Labels?.[RECIPE_LABEL] !== recipeHash(image.recipe)) return "recipe-changed";
  if (!image.base) return undefined;
  const baseLayers = infos.get(image.base)?.RootFS.Layers ?? [];
  const layers = info.RootFS.Layers ?? [];
  const onBase = baseLayers.length > 0 && baseLayers.every((layer, i) => layers[i] === layer);
  return onBase ? undefined : "base-changed";
}
