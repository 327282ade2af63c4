# python:3.11-slim and python:3.11, both from Debian's packages installed in a
# --network none container and committed on top of the image below them.
# Sourced by seed-base-images.sh.
# shellcheck shell=bash

# Debian's python3 (3.11) and pip: what python:3.11-slim has.
PYTHON_PACKAGES=(python3 python3-pip python3-venv python-is-python3 ca-certificates)

# What the official (buildpack-deps based) python:3.11 adds for building
# packages from source: compilers, headers, VCS and download tools, and the
# -dev packages that common C extensions link against.
PYTHON_FULL_PACKAGES=(
  build-essential python3-dev pkg-config autoconf automake libtool make patch file
  git openssh-client curl wget gnupg dirmngr ca-certificates netbase procps
  xz-utils bzip2 unzip
  libffi-dev libssl-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev
  libreadline-dev libncurses-dev libxml2-dev libxslt1-dev libyaml-dev
  libjpeg-dev libpng-dev uuid-dev
)

# pip in the seeded images asks the package mirror on the build network; the
# mirror is only reachable there (see sandbox-runner/images/package-mirror.ts).
PIP_CHANGES=(
  "ENV PIP_INDEX_URL=http://$PACKAGE_MIRROR_HOST:$PACKAGE_MIRROR_PORT/simple/"
  "ENV PIP_TRUSTED_HOST=$PACKAGE_MIRROR_HOST"
  "ENV PIP_DISABLE_PIP_VERSION_CHECK=1"
)

# The .debs are only valid for the exact base they were resolved against, so
# the cache is keyed by the base image's layers. Every later cache key derives
# from this one: the slim image's filesystem is a function of these .debs.
python_debs_key() {
  docker image inspect -f '{{join .RootFS.Layers ","}}' "$DEBIAN_IMAGE" | short_hash
}
python_debs_dir() { echo "$IMG_DIR/python-debs-$(python_debs_key)"; }

full_debs_dir() {
  echo "$IMG_DIR/full-debs-$(printf '%s\n' "$(python_debs_key)" "${PYTHON_FULL_PACKAGES[@]}" | short_hash)"
}

seed_python_slim() {
  local debs_dir
  debs_dir="$(python_debs_dir)"
  if [ ! -d "$debs_dir" ]; then
    RESOLVER_STANDINS=()
    download_debs "$DEBIAN_IMAGE" "$debs_dir" python-slim "${PYTHON_PACKAGES[@]}"
    [ -n "$(find "$debs_dir" -name 'python3.11_*.deb' -print -quit)" ] || die "apt did not download python3.11"
    prune_caches python-debs- "$debs_dir"
  fi
  # shellcheck disable=SC2034 # used through a nameref
  local changes=('CMD ["python3"]' 'ENV LANG=C.UTF-8' "${PIP_CHANGES[@]}")
  install_debs_and_commit "$DEBIAN_IMAGE" "$debs_dir" "$PYTHON_IMAGE" "$PYTHON_CONTAINER" \
    "dockyard: Debian's python3 and pip" changes "${PYTHON_PACKAGES[@]}"
}

seed_python_full() {
  local debs_dir
  debs_dir="$(full_debs_dir)"
  if [ ! -d "$debs_dir" ]; then
    RESOLVER_STANDINS=()
    download_debs "$PYTHON_IMAGE" "$debs_dir" python-full "${PYTHON_FULL_PACKAGES[@]}"
    prune_caches full-debs- "$debs_dir"
  fi
  # shellcheck disable=SC2034 # used through a nameref
  local changes=('CMD ["python3"]' 'ENV LANG=C.UTF-8' "${PIP_CHANGES[@]}")
  install_debs_and_commit "$PYTHON_IMAGE" "$debs_dir" "$PYTHON_FULL_IMAGE" "$PYTHON_FULL_CONTAINER" \
    "dockyard: build tools and headers for compiling Python packages" changes "${PYTHON_FULL_PACKAGES[@]}"
}
