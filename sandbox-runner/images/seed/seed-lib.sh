# Helpers shared by the seeding stages; sourced by seed-base-images.sh,
# which defines the configuration variables used here.
# shellcheck shell=bash

say() { printf 'seed-base-images: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

images_present() { docker image inspect "$@" >/dev/null 2>&1; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
image_label() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true; }
image_layers() { docker image inspect -f '{{join .RootFS.Layers " "}}' "$1" 2>/dev/null || true; }
short_hash() { sha256sum | cut -c1-16; }

# An image is current when it carries this seed version and, when a base is
# given, still sits on that base's layers (a re-seeded base makes it stale).
image_current() {
  local image="$1" base="${2:-}"
  [ "$(image_label "$image" dockyard.seed-version)" = "$SEED_VERSION" ] || return 1
  [ -n "$base" ] || return 0
  local base_layers
  base_layers="$(image_layers "$base")"
  [ -n "$base_layers" ] && [[ "$(image_layers "$image") " == "$base_layers "* ]]
}

# Ids of images this run re-tags, removed at the end (when nothing uses them).
REPLACED_IMAGES=()
remember_replaced() {
  local id
  id="$(image_id "$1")"
  if [ -n "$id" ]; then REPLACED_IMAGES+=("$id"); fi
}
remove_replaced_images() {
  local id
  # Newest first: a replaced child must go before its replaced parent.
  for ((i = ${#REPLACED_IMAGES[@]} - 1; i >= 0; i--)); do
    id="${REPLACED_IMAGES[i]}"
    # Still tagged: the rebuild produced the very same image.
    [ "$(docker image inspect -f '{{len .RepoTags}}' "$id" 2>/dev/null || echo 0)" = 0 ] || continue
    docker rmi "$id" >/dev/null 2>&1 || say "kept replaced image ${id:7:12} (still in use)"
  done
}

# Runs an external command with its chatter in a log file; on failure shows the
# tail, because the interesting line of a failed apt/dpkg run is near the end.
run_logged() {
  local name="$1"; shift
  local log="$LOG_DIR/$name.log"
  if ! "$@" >"$log" 2>&1; then
    say "$name failed; last lines of $log:"
    tail -n 30 "$log" >&2
    exit 1
  fi
}

# The pauses between tries of a download, in seconds (three tries by default); scripts/retry.sh has the same.
DOCKYARD_RETRY_PAUSES="${DOCKYARD_RETRY_PAUSES-5 20}"

# fetch_logged <name> <command>...: run_logged for a step that downloads from Debian's archive, which fails now and
# then for a moment (a reset connection, a 503, a mirror mid-sync): it is tried again after each pause (an
# `apt-get update` is given --error-on=any, or a list that failed would pass as a warning). A step that
# fails every time says which it was and why, and that running the seeding again resumes: the images already made
# and the packages already downloaded are kept.
fetch_logged() {
  local name="$1" log="$LOG_DIR/$1.log" pause
  shift
  for pause in $DOCKYARD_RETRY_PAUSES; do
    "$@" >"$log" 2>&1 && return 0
    say "$name failed ($(last_line "$log")); trying again in $pause s"
    sleep "$pause"
  done
  "$@" >"$log" 2>&1 && return 0
  say "$name failed; last lines of $log:"
  tail -n 30 "$log" >&2
  die "$name failed on every try: $(last_line "$log"). Running npm start (or npm test) again resumes from there."
}

# The last line of a log that is not blank: usually what went wrong.
last_line() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-300; }

unmount_under() {
  local dir
  dir="$(realpath -m "$1")"
  findmnt -rn -o TARGET | awk -v d="$dir/" 'index($0, d) == 1' | sort -r |
    while read -r mnt; do umount -l "$mnt" || true; done
}

# A killed run may leave /proc mounted inside a work dir; never let rm -rf walk
# into a mount.
remove_tree() {
  [ -e "$1" ] || return 0
  unmount_under "$1"
  rm -rf --one-file-system "$1"
}

# Keeps only the cache directory in use among those named <prefix>*.
prune_caches() {
  local prefix="$1" keep="$2"
  find "$IMG_DIR" -maxdepth 1 -name "$prefix*" ! -path "$keep" ! -name '*.partial' -exec rm -rf {} +
}

# Proxies that reach the host's debootstrap must reach apt in the chroot too.
CHROOT_ENV=(PATH="$IMAGE_PATH" LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive)
for var in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  if [ -n "${!var:-}" ]; then CHROOT_ENV+=("$var=${!var}"); fi
done

in_chroot() {
  local root="$1"; shift
  env -i "${CHROOT_ENV[@]}" chroot "$root" "$@"
}

mount_proc() { mountpoint -q "$1/proc" || mount -t proc proc "$1/proc"; }

prepare_chroot() {
  local root="$1" name major minor
  mkdir -p "$root/dev" "$root/proc"
  # Device nodes instead of a /dev bind mount: nothing of the host to damage.
  while read -r name major minor; do
    rm -f "$root/dev/$name"
    mknod -m 666 "$root/dev/$name" c "$major" "$minor"
  done <<'EOF'
null 1 3
zero 1 5
full 1 7
random 1 8
urandom 1 9
EOF
  rm -f "$root/etc/resolv.conf"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  mount_proc "$root"
}

apt_has_candidate() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }

require_host_tool() {
  local tool="$1" package="$2"
  command -v "$tool" >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || die "$tool is missing; install it: sudo apt-get install $package"
  say "installing $package"
  apt_has_candidate "$package" ||
    fetch_logged apt-update env DEBIAN_FRONTEND=noninteractive apt-get --error-on=any update
  # The lab host's set-up may run apt-get beside this (scripts/supervisor/warm-up.ts): wait for its lock.
  fetch_logged "apt-install-$package" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -o DPkg::Lock::Timeout=300 "$package"
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "building $1 needs root (debootstrap/chroot); run it as root"
}

# Marks packages as installed in a throwaway resolver chroot, so apt neither
# downloads them nor pulls in their dependencies.
fake_installed() {
  local root="$1" package; shift
  for package in "$@"; do
    printf '%s\n' "Package: $package" 'Status: install ok installed' 'Priority: optional' \
      'Section: misc' 'Installed-Size: 0' 'Maintainer: dockyard seeding <nobody@invalid>' \
      'Architecture: all' 'Version: 999' "Description: stand-in for $package while resolving downloads" '' \
      >>"$root/var/lib/dpkg/status"
  done
}

# download_debs <image> <dest-dir> <log-name> <package>...
# Resolves the packages with apt in a copy of the very filesystem <image> has,
# then keeps only the .debs: exactly what installing them in that image needs.
# RESOLVER_STANDINS (array) names packages apt must treat as already present;
# RESOLVER_COMPONENTS the archive's components to resolve from (default: main).
download_debs() {
  local image="$1" dest="$2" name="$3"; shift 3
  require_root "$image"
  remove_tree "$CHROOT_WORK"
  rm -rf "$dest.partial"
  mkdir -p "$CHROOT_WORK" "$dest.partial"

  say "$name: resolving $# packages against $image"
  docker rm -f "$EXPORT_CONTAINER" >/dev/null 2>&1 || true
  docker create --name "$EXPORT_CONTAINER" --network none "$image" true >/dev/null
  docker export "$EXPORT_CONTAINER" | tar -x -C "$CHROOT_WORK"
  docker rm -f "$EXPORT_CONTAINER" >/dev/null

  prepare_chroot "$CHROOT_WORK"
  fake_installed "$CHROOT_WORK" "${RESOLVER_STANDINS[@]}"
  # The image's own sources name main only; an image made from non-free packages (the CUDA toolkit) resolves them in
  # this throwaway copy, so the image itself keeps the sources it had.
  sed -i "s/^Components: main\$/Components: ${RESOLVER_COMPONENTS:-main}/" \
    "$CHROOT_WORK/etc/apt/sources.list.d/debian.sources"
  # Outside /var/cache/apt/archives, which the image's docker-clean hook empties.
  mkdir -p "$CHROOT_WORK/var/tmp/debs/partial"
  fetch_logged "$name-apt-update" in_chroot "$CHROOT_WORK" apt-get --error-on=any update
  fetch_logged "$name-apt-download" in_chroot "$CHROOT_WORK" apt-get install --download-only -y \
    --no-install-recommends -o Dir::Cache::Archives=/var/tmp/debs/ "$@"

  find "$CHROOT_WORK/var/tmp/debs" -maxdepth 1 -name '*.deb' -exec mv -t "$dest.partial" {} +
  mv "$dest.partial" "$dest"
  remove_tree "$CHROOT_WORK"
  say "$name: cached $(find "$dest" -name '*.deb' | wc -l) packages" \
    "($(du -sm "$dest" | cut -f1) MB) in $(basename "$dest")"
}

# Runs in the helper container as `sh -eu install-debs.sh <debs-dir> <package>...`
# (a file rather than `sh -c`, so `docker history` shows one readable line).
# The .debs arrive through `docker cp` rather than a bind mount so this also
# works when the engine is remote (DOCKER_HOST) or sees another filesystem, and
# they are deleted before the commit, so the layer holds only what got installed.
# apt rather than a bare `dpkg -i *.deb`: dpkg unpacks in argument order and
# refuses python3-minimal, whose Pre-Depends (python3.11-minimal) is not
# configured yet; apt orders local files correctly and needs no network.
write_install_script() {
  cat >"$1" <<'EOF'
export DEBIAN_FRONTEND=noninteractive
debs="$1"; shift
apt-get install -y --no-install-recommends "$debs"/*.deb
# Local files all count as manually installed; only the requested packages
# should, so that a learner's `apt-get autoremove` behaves as usual.
apt-mark auto $(for f in "$debs"/*.deb; do dpkg-deb -f "$f" Package; done) >/dev/null
apt-mark manual "$@" >/dev/null
rm -rf "$debs" "$0"
# Before the cleanup below: running python writes __pycache__ files.
echo "PYTHON_VERSION=$(python3 -c 'import platform; print(platform.python_version())')"
# Like the official image: pip installs into the image without --break-system-packages.
rm -f /usr/lib/python3.*/EXTERNALLY-MANAGED
find /usr -depth -type d -name __pycache__ -exec rm -rf {} +
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt/*
rm -f /var/log/dpkg.log /var/log/alternatives.log /var/cache/ldconfig/aux-cache
EOF
}

# install_debs_and_commit <base> <debs-dir> <target> <container> <message> <changes-array> <package>...
# Installs the cached .debs in a --network none container from <base> and
# commits it as <target>; echoes the Python version the container reported.
install_debs_and_commit() {
  local base="$1" debs_dir="$2" target="$3" container="$4" message="$5"
  local -n changes_ref="$6"
  shift 6
  local debs_name log change version
  debs_name="$(basename "$debs_dir")"
  log="$LOG_DIR/install-$container.log"
  write_install_script "$IMG_DIR/install-debs.sh"

  say "$target: installing $(find "$debs_dir" -name '*.deb' | wc -l) packages with --network none"
  docker rm -f "$container" >/dev/null 2>&1 || true
  docker create --name "$container" --network none "$base" \
    sh -eu /tmp/install-debs.sh "/tmp/$debs_name" "$@" >/dev/null
  tar -C "$IMG_DIR" -cf - "$debs_name" install-debs.sh | docker cp - "$container:/tmp"
  if ! docker start -a "$container" >"$log" 2>&1 ||
    [ "$(docker inspect -f '{{.State.ExitCode}}' "$container")" != 0 ]; then
    tail -n 30 "$log" >&2
    die "installing packages for $target failed (see $log)"
  fi

  version="$(sed -n 's/^PYTHON_VERSION=//p' "$log" | tail -n 1)"
  [[ "$version" == 3.11.* ]] || die "expected Python 3.11.x in $target, got '${version}'"

  local args=()
  for change in "${changes_ref[@]}"; do args+=(--change "$change"); done
  remember_replaced "$target"
  say "$target: docker commit (Python $version)"
  docker commit "${args[@]}" \
    --change "ENV PYTHON_VERSION=$version" \
    --change "LABEL $BASE_LABEL dockyard.seed-version=$SEED_VERSION" \
    --message "$message" "$container" "$target" >/dev/null
  docker rm -f "$container" >/dev/null
}
