#!/usr/bin/env bash
# Seed the local images that exercises build FROM, and the package mirror their
# builds install from, without any registry:
#
#   debian:bookworm-slim        debootstrap'd Debian, slimmed like the official image
#   python:3.11-slim            Debian's python3 (3.11) and pip on top of that image,
#                               so both share the same bottom layer; pip points
#                               at the package mirror
#   python:3.11                 python:3.11-slim plus compilers, headers and tools
#                               for building packages, like the official full image
#   dockyard/cuda:11.8-runtime-python3.11-bookworm
#                               python:3.11-slim plus Debian's CUDA 11.8 runtime
#                               library (non-free), for GPU exercises
#   dockyard/cuda:11.8-devel-bookworm
#                               Debian's CUDA 11.8 toolkit (nvcc, non-free) on
#                               debian:bookworm-slim, for builder stages (seed-cuda.sh)
#   dockyard/package-mirror:1   wheels made from Debian's python3-* packages,
#                               served as a PEP 503 index to build steps
#   dockyard/redis:7.0.15-bookworm
#                               Debian's redis-server on debian:bookworm-slim, a
#                               service image for the Compose stacks the grader
#                               starts (seed-services.sh)
#   dockyard/jupyter-notebook:6.4.12-bookworm
#                               Debian's Jupyter Notebook server on debian:bookworm-slim,
#                               the stacks' notebook service (seed-services.sh)
#   dockyard/registry:2.8.2-bookworm
#                               Debian's docker-registry on debian:bookworm-slim, set up
#                               like the official registry:2, for the labs (seed-services.sh)
#   dockyard/pgvector:0.8.0-pg17-trixie
#                               PostgreSQL 17 with pgvector, debootstrapped from Debian
#                               trixie (bookworm has no pgvector): the stacks' vector
#                               store (seed-pgvector.sh)
#
# Only Debian's apt archive is contacted (debootstrap, and apt inside a chroot
# on the host); everything that runs in Docker runs with --network none.
#
# Idempotent and cached: current images are left alone (outdated ones, by the
# dockyard.seed-version label, are rebuilt), and the rootfs tarball, the
# downloaded .debs and the built wheels stay in $DATA_DIR/images/ so re-seeding
# after `docker rmi` needs no network. Safe to run concurrently (flock).
# Independent images are made side by side (start_lane), and downloads that fail
# are tried again (fetch_logged in seed-lib.sh); a run that stops anyway keeps
# what it made, so running it again resumes.
set -euo pipefail

SEED_DIR="$(cd "$(dirname "$0")" && pwd)"
cd "$SEED_DIR/../../.."
REPO_ROOT="$PWD"
DATA_DIR="${DATA_DIR:-.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$REPO_ROOT/$DATA_DIR" ;; esac
IMG_DIR="$DATA_DIR/images"
LOG_DIR="$IMG_DIR/logs"

# Bump seed-version (beside this script) whenever what the images contain changes.
SEED_VERSION="$(tr -d '[:space:]' <"$SEED_DIR/seed-version")"
DEBIAN_IMAGE="debian:bookworm-slim"
PYTHON_IMAGE="python:3.11-slim"
PYTHON_FULL_IMAGE="python:3.11"
CUDA_IMAGE="dockyard/cuda:11.8-runtime-python3.11-bookworm"
MIRROR_IMAGE="dockyard/package-mirror:1"
# Must match sandbox-runner/images/base-images.ts.
PACKAGE_MIRROR_HOST="pypi-mirror"
PACKAGE_MIRROR_PORT=3141
BASE_LABEL="dockyard.base-image=true"
SUITE="bookworm"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
IMAGE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

ROOTFS_TAR="$IMG_DIR/debian-$SUITE-slim.rootfs.tar"
ROOTFS_WORK="$IMG_DIR/debian-$SUITE-slim.rootfs.partial"
CHROOT_WORK="$IMG_DIR/resolver-chroot.partial"
# Fixed names, so a run killed half-way leaves nothing we cannot find again.
EXPORT_CONTAINER="dockyard-seed-export"
PYTHON_CONTAINER="dockyard-seed-python"
PYTHON_FULL_CONTAINER="dockyard-seed-python-full"
CUDA_CONTAINER="dockyard-seed-cuda"
WHEELS_CONTAINER="dockyard-seed-wheels"
RESOLVER_STANDINS=()

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
# The caller names the grading engine and its CLI: scripts/common.sh (npm start, npm test) and the runner's
# ensureBaseImages export DOCKER_HOST, DOCKER_CONFIG and a PATH holding that engine's docker.
if [ -z "${DOCKER_HOST:-}" ]; then
  echo "seed-base-images: DOCKER_HOST is not set; run it through npm start or npm test, which name the engine" >&2
  exit 2
fi

source "$SEED_DIR/seed-lib.sh"
source "$SEED_DIR/seed-debian.sh"
source "$SEED_DIR/seed-python.sh"
source "$SEED_DIR/seed-mirror.sh"
source "$SEED_DIR/seed-cuda.sh"
source "$SEED_DIR/seed-services.sh"
source "$SEED_DIR/seed-pgvector.sh"

cleanup() {
  # Lanes still at work (another lane failed) finish first: the images they make are kept. When the run was stopped
  # by a signal, they got it too (the caller signals the whole process group) and end at once.
  wait 2>/dev/null || true
  local work
  for work in "$IMG_DIR"/*.partial; do remove_tree "$work"; done
  rm -rf "$ROOTFS_TAR.partial"
  docker rm -f "$EXPORT_CONTAINER" "$PYTHON_CONTAINER" "$PYTHON_FULL_CONTAINER" "$CUDA_CONTAINER" "$WHEELS_CONTAINER" \
    "$REDIS_CONTAINER" "$JUPYTER_CONTAINER" "$REGISTRY_CONTAINER" "$CUDA_DEVEL_CONTAINER" \
    "${LANE_NAMES[@]/#/$EXPORT_CONTAINER-}" \
    >/dev/null 2>&1 || true
}

# Seeding runs in lanes side by side, because most of it waits on Debian's archive or on dpkg in a container: the
# python images and the package mirror; the service images on the slim image; pgvector's own debootstrap of trixie,
# which needs nothing else. The lanes share no work folder, helper container, cache or log name.
LANE_PIDS=()
LANE_NAMES=()

# start_lane <name> <function>: runs the function in the background, with a resolver chroot and export container of
# its own; the images it replaced are removed at its end (each lane keeps its own list).
start_lane() {
  local name="$1" fn="$2"
  (
    CHROOT_WORK="$IMG_DIR/resolver-chroot-$name.partial"
    EXPORT_CONTAINER="$EXPORT_CONTAINER-$name"
    trap 'exit 130' INT
    trap 'exit 143' TERM
    "$fn"
    remove_replaced_images
  ) &
  LANE_PIDS+=("$!")
  LANE_NAMES+=("$name")
}

# Waits for every lane; a lane that failed has said which step and why.
wait_lanes() {
  local i failed=()
  for i in "${!LANE_PIDS[@]}"; do
    wait "${LANE_PIDS[i]}" || failed+=("${LANE_NAMES[i]}")
  done
  if [ "${#failed[@]}" -gt 0 ]; then
    say "the ${failed[*]} lane(s) stopped on the error(s) above; the images the other lanes made are kept"
    exit 1
  fi
}

seed_python_lane() {
  image_current "$PYTHON_IMAGE" "$DEBIAN_IMAGE" || seed_python_slim
  image_current "$PYTHON_FULL_IMAGE" "$PYTHON_IMAGE" || seed_python_full
  image_current "$CUDA_IMAGE" "$PYTHON_IMAGE" || seed_cuda_runtime
  mirror_current || seed_package_mirror
}

seed_services_lane() {
  image_current "$REDIS_IMAGE" "$DEBIAN_IMAGE" || seed_redis_image
  image_current "$JUPYTER_IMAGE" "$DEBIAN_IMAGE" || seed_jupyter_image
  image_current "$REGISTRY_IMAGE" "$DEBIAN_IMAGE" || seed_registry_image
}

# Its own lane: the toolkit is the largest download and install of all (about 800 MB of .debs), and nothing waits on it
# but the exercises that compile CUDA.
seed_cuda_devel_lane() {
  image_current "$CUDA_DEVEL_IMAGE" "$DEBIAN_IMAGE" || seed_cuda_devel_image
}

# Before any lane starts, so no two install debootstrap at once.
ensure_debootstrap() {
  if { ! images_present "$DEBIAN_IMAGE" && [ ! -s "$ROOTFS_TAR" ]; } ||
    { ! pgvector_current && [ ! -s "$PGVECTOR_TAR" ]; }; then
    require_host_tool debootstrap debootstrap
  fi
}

all_current() {
  images_present "$DEBIAN_IMAGE" &&
    image_current "$PYTHON_IMAGE" "$DEBIAN_IMAGE" &&
    image_current "$PYTHON_FULL_IMAGE" "$PYTHON_IMAGE" &&
    image_current "$CUDA_IMAGE" "$PYTHON_IMAGE" &&
    image_current "$REDIS_IMAGE" "$DEBIAN_IMAGE" &&
    image_current "$JUPYTER_IMAGE" "$DEBIAN_IMAGE" &&
    image_current "$REGISTRY_IMAGE" "$DEBIAN_IMAGE" &&
    image_current "$CUDA_DEVEL_IMAGE" "$DEBIAN_IMAGE" &&
    pgvector_current &&
    mirror_current
}

main() {
  all_current 2>/dev/null && exit 0
  if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
    die "no Docker engine answers; run scripts/ensure-docker.sh first"
  fi

  mkdir -p "$IMG_DIR" "$LOG_DIR"
  exec 9>"$IMG_DIR/.seed.lock"
  if ! flock -n 9; then
    say "another seeding run is in progress; waiting for it"
    flock 9
  fi
  # The run we waited for may have done all the work.
  all_current && exit 0

  trap cleanup EXIT
  # Turn signals into an exit so the EXIT trap tidies up after them too.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local started=$SECONDS
  ensure_debootstrap
  pgvector_current || start_lane pgvector seed_pgvector_image
  # Everything else is made on the slim image.
  images_present "$DEBIAN_IMAGE" || seed_debian_image
  start_lane python seed_python_lane
  start_lane services seed_services_lane
  start_lane cuda-devel seed_cuda_devel_lane
  wait_lanes
  say "base images ready ($((SECONDS - started)) s)"
}

main "$@"
