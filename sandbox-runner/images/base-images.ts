import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Images every exercise may build FROM; seeded locally because no registry is reachable. */
export const BASE_IMAGES = [
  "debian:bookworm-slim",
  "python:3.11-slim",
  "python:3.11",
  "dockyard/cuda:11.8-runtime-python3.11-bookworm",
  // The CUDA toolkit, for builder stages that compile CUDA code (seed/seed-cuda.sh): gigabytes no final image needs.
  "dockyard/cuda:11.8-devel-bookworm",
] as const;

/**
 * Servers a Compose stack the grader starts may run (sandbox-runner/compose/stack/), built offline from Debian's
 * packages and tagged with the version inside: Redis and the Jupyter Notebook server from bookworm on
 * debian:bookworm-slim (seed/seed-services.sh), PostgreSQL 17 with pgvector from trixie (seed/seed-pgvector.sh).
 */
export const SERVICE_IMAGES = [
  "dockyard/redis:7.0.15-bookworm",
  "dockyard/jupyter-notebook:6.4.12-bookworm",
  "dockyard/pgvector:0.8.0-pg17-trixie",
] as const;

/**
 * Servers a learner runs inside a lab (sandbox-runner/labs/), seeded like the service images: Debian bookworm's
 * docker-registry, set up like the official registry:2 (seed/seed-services.sh).
 */
export const LAB_SERVICE_IMAGES = ["dockyard/registry:2.8.2-bookworm"] as const;

/** Serves the wheels learners' `pip install` gets during a build (a PEP 503 index). */
export const PACKAGE_MIRROR_IMAGE = "dockyard/package-mirror:1";
export const PACKAGE_MIRROR_CONTAINER = "dockyard-package-mirror";
/**
 * The mirror's name in build steps' /etc/hosts. The seeded python images carry
 * PIP_INDEX_URL=http://pypi-mirror:3141/simple/; seed/seed-base-images.sh
 * has the same two values.
 */
export const PACKAGE_MIRROR_HOST = "pypi-mirror";
export const PACKAGE_MIRROR_PORT = 3141;
export const PACKAGE_MIRROR_INDEX_URL = `http://${PACKAGE_MIRROR_HOST}:${PACKAGE_MIRROR_PORT}/simple/`;
/** The same index as the mirror's own container sees it: the default bridge has no DNS for names. */
export const PACKAGE_MIRROR_LOCAL_INDEX_URL = `http://127.0.0.1:${PACKAGE_MIRROR_PORT}/simple/`;

/** Label every seeded python image and the mirror image carry; see seedVersion(). */
export const SEED_VERSION_LABEL = "dockyard.seed-version";

const SEED_VERSION_FILE = fileURLToPath(new URL("./seed/seed-version", import.meta.url));
let seedVersionCache: string | undefined;

/**
 * What the seeded images must be at; bumped in seed/seed-version
 * whenever their contents change, so that older images get rebuilt.
 */
export function seedVersion(): string {
  seedVersionCache ??= readFileSync(SEED_VERSION_FILE, "utf8").trim();
  return seedVersionCache;
}
