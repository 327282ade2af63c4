#!/usr/bin/env bash
# Seed the local base images that exercises build FROM, without any registry:
#
#   debian:bookworm-slim  debootstrap'd Debian, slimmed like the official image
#   python:3.11-slim      Debian's python3 (3.11) installed on top of that image,
#                         so both share the same bottom layer
#
# Only Debian's apt archive is contacted (debootstrap, and apt inside a chroot
# on the host); everything that runs in Docker runs with --network none.
#
# Idempotent and cached: existing images are left alone, and the rootfs tarball
# and the downloaded .debs stay in $DATA_DIR/images/ so re-seeding after
# `docker rmi` needs no network. Safe to run concurrently (flock).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO_ROOT="$PWD"
DATA_DIR="${DATA_DIR:-.data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$REPO_ROOT/$DATA_DIR" ;; esac
IMG_DIR="$DATA_DIR/images"
LOG_DIR="$IMG_DIR/logs"

DEBIAN_IMAGE="debian:bookworm-slim"
PYTHON_IMAGE="python:3.11-slim"
BASE_LABEL="dockyard.base-image=true"
SUITE="bookworm"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
IMAGE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PYTHON_PACKAGES=(python3 python3-pip python3-venv python-is-python3 ca-certificates)

ROOTFS_TAR="$IMG_DIR/debian-$SUITE-slim.rootfs.tar"
ROOTFS_WORK="$IMG_DIR/debian-$SUITE-slim.rootfs.partial"
CHROOT_WORK="$IMG_DIR/python-chroot.partial"
# Fixed names, so a run killed half-way leaves nothing we cannot find again.
EXPORT_CONTAINER="dockyard-seed-export"
PYTHON_CONTAINER="dockyard-seed-python"

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

say() { printf 'seed-base-images: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

images_present() { docker image inspect "$@" >/dev/null 2>&1; }

# ---------------------------------------------------------------- helpers --

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

cleanup() {
  remove_tree "$ROOTFS_WORK"
  remove_tree "$CHROOT_WORK"
  rm -f "$ROOTFS_TAR.partial"
  docker rm -f "$EXPORT_CONTAINER" "$PYTHON_CONTAINER" >/dev/null 2>&1 || true
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
  apt_has_candidate "$package" || run_logged apt-update env DEBIAN_FRONTEND=noninteractive apt-get update
  run_logged "apt-install-$package" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$package"
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "building $1 needs root (debootstrap/chroot); run: sudo bash scripts/seed-base-images.sh"
}

# ------------------------------------------------------ debian:bookworm-slim --

# The files the official slim image drops (debuerreotype's slimify lists). The
# dpkg config keeps them out of every package installed later, too.
write_slim_dpkg_config() {
  local root="$1"
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
# This is the "slim" variant of the Debian base image.
# Many files which are normally unnecessary in containers are excluded,
# and this configuration file keeps them that way.
path-exclude /usr/share/doc/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*

path-include /usr/share/doc/*/copyright
path-include /usr/share/doc/kde/HTML/C/*
path-include /usr/share/gnome/help/*/C/*
path-include /usr/share/locale/all_languages
path-include /usr/share/locale/currency/*
path-include /usr/share/locale/l10n/*
path-include /usr/share/locale/languages
path-include /usr/share/locale/locale.alias
path-include /usr/share/omf/*/*-C.emf
EOF
  chmod 0644 "$root/etc/dpkg/dpkg.cfg.d/docker"
}

# Applies the dpkg excludes to files already unpacked by debootstrap. Runs in
# the chroot so that absolute symlinks resolve inside the rootfs, not the host.
remove_slim_excluded_files() {
  # shellcheck disable=SC2016 # expanded by the chroot's sh
  in_chroot "$1" /bin/sh -euf -c '
    keep="( -path /usr/share/doc/*/copyright -o -path /usr/share/locale/locale.alias
            -o -path /usr/share/locale/all_languages -o -path /usr/share/locale/languages
            -o -path /usr/share/locale/currency/* -o -path /usr/share/locale/l10n/* )"
    for dir in /usr/share/doc /usr/share/groff /usr/share/info /usr/share/linda \
               /usr/share/lintian/overrides /usr/share/locale /usr/share/man; do
      [ -d "$dir" ] || continue
      find "$dir" -depth -mindepth 1 -not $keep -not \( -type d -o -type l \) -exec rm -f {} +
      # Removing a dangling symlink can empty a dir and vice versa: repeat until stable.
      while [ -n "$(find "$dir" -depth -mindepth 1 \( -xtype l -o -type d -empty \) -print -delete)" ]; do :; done
    done'
}

write_container_apt_config() {
  local root="$1" clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
  cat >"$root/usr/sbin/policy-rc.d" <<'EOF'
#!/bin/sh
# Package installs happen during "docker build", where starting services makes
# no sense; tell invoke-rc.d not to.
exit 101
EOF
  chmod 0755 "$root/usr/sbin/policy-rc.d"

  printf '%s\n' '# Image builds do not survive power loss anyway; skip the fsyncs.' \
    'force-unsafe-io' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<EOF
# Every "RUN apt-get install" becomes a layer; caches left behind by apt would
# just make that layer bigger, so clean them up after every run.
DPkg::Post-Invoke { $clean };
APT::Update::Post-Invoke { $clean };

Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf '%s\n' 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf '%s\n' 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  printf '%s\n' 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  chmod 0644 "$root"/etc/apt/apt.conf.d/docker-* "$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
}

# Same sources as the official image, so "apt-get update" in a learner's
# Dockerfile behaves the same wherever the archive is reachable.
write_apt_sources() {
  local root="$1"
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# Leftovers of the build that would only leak host details or waste bytes.
strip_build_leftovers() {
  local root="$1"
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old
  rm -f "$root"/var/log/dpkg.log "$root"/var/log/bootstrap.log "$root"/var/log/alternatives.log \
    "$root"/var/log/apt/* "$root"/var/cache/ldconfig/aux-cache "$root"/run/mount/utab \
    "$root"/etc/resolv.conf "$root"/etc/hostname
  rmdir "$root/run/mount" 2>/dev/null || true
}

build_rootfs_tar() {
  require_root "$DEBIAN_IMAGE"
  require_host_tool debootstrap debootstrap
  remove_tree "$ROOTFS_WORK"
  rm -f "$ROOTFS_TAR.partial"
  mkdir -p "$ROOTFS_WORK"

  say "$DEBIAN_IMAGE: debootstrap --variant=minbase $SUITE from $MIRROR (about 30 s)"
  run_logged debootstrap debootstrap --variant=minbase "$SUITE" "$ROOTFS_WORK" "$MIRROR"

  say "$DEBIAN_IMAGE: slimming and applying $SUITE-updates/$SUITE-security"
  write_slim_dpkg_config "$ROOTFS_WORK"
  write_container_apt_config "$ROOTFS_WORK"
  write_apt_sources "$ROOTFS_WORK"
  prepare_chroot "$ROOTFS_WORK"
  # The official image includes point-release and security updates; without them
  # the python layer would carry upgraded copies of base libraries.
  run_logged rootfs-apt-update in_chroot "$ROOTFS_WORK" apt-get update
  run_logged rootfs-apt-upgrade in_chroot "$ROOTFS_WORK" apt-get -y upgrade
  remove_slim_excluded_files "$ROOTFS_WORK"
  strip_build_leftovers "$ROOTFS_WORK"

  say "$DEBIAN_IMAGE: writing $(basename "$ROOTFS_TAR")"
  # /dev, /proc and /sys are provided by the engine at run time.
  tar --numeric-owner --one-file-system -C "$ROOTFS_WORK" \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$ROOTFS_TAR.partial" .
  mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
  remove_tree "$ROOTFS_WORK"
}

seed_debian_image() {
  [ -s "$ROOTFS_TAR" ] || build_rootfs_tar
  say "$DEBIAN_IMAGE: docker import"
  docker import \
    --change 'CMD ["bash"]' \
    --change "ENV PATH=$IMAGE_PATH" \
    --change "LABEL $BASE_LABEL" \
    --message "dockyard: debootstrap --variant=minbase $SUITE, slimmed" \
    "$ROOTFS_TAR" "$DEBIAN_IMAGE" >/dev/null
}

# --------------------------------------------------------- python:3.11-slim --

# The .debs are only valid for the exact base they were resolved against, so
# the cache is keyed by the base image's layers.
python_debs_dir() {
  local key
  key="$(docker image inspect -f '{{join .RootFS.Layers ","}}' "$DEBIAN_IMAGE" | sha256sum | cut -c1-16)"
  echo "$IMG_DIR/python-debs-$key"
}

# Resolves the package closure with apt in a copy of the very filesystem the
# image has, then keeps only the .debs.
download_python_debs() {
  local debs_dir="$1"
  require_root "$PYTHON_IMAGE"
  remove_tree "$CHROOT_WORK"
  rm -rf "$debs_dir.partial"
  mkdir -p "$CHROOT_WORK" "$debs_dir.partial"

  say "$PYTHON_IMAGE: resolving ${PYTHON_PACKAGES[*]} against $DEBIAN_IMAGE"
  docker rm -f "$EXPORT_CONTAINER" >/dev/null 2>&1 || true
  docker create --name "$EXPORT_CONTAINER" --network none "$DEBIAN_IMAGE" true >/dev/null
  docker export "$EXPORT_CONTAINER" | tar -x -C "$CHROOT_WORK"
  docker rm -f "$EXPORT_CONTAINER" >/dev/null

  prepare_chroot "$CHROOT_WORK"
  # Outside /var/cache/apt/archives, which the image's docker-clean hook empties.
  mkdir -p "$CHROOT_WORK/var/tmp/debs/partial"
  run_logged python-apt-update in_chroot "$CHROOT_WORK" apt-get update
  run_logged python-apt-download in_chroot "$CHROOT_WORK" apt-get install --download-only -y \
    --no-install-recommends -o Dir::Cache::Archives=/var/tmp/debs/ "${PYTHON_PACKAGES[@]}"

  find "$CHROOT_WORK/var/tmp/debs" -maxdepth 1 -name '*.deb' -exec mv -t "$debs_dir.partial" {} +
  [ -n "$(find "$debs_dir.partial" -name 'python3.11_*.deb' -print -quit)" ] ||
    die "apt did not download python3.11 (see $LOG_DIR/python-apt-download.log)"
  mv "$debs_dir.partial" "$debs_dir"
  remove_tree "$CHROOT_WORK"
  # Debs resolved against an older base are of no use any more.
  find "$IMG_DIR" -maxdepth 1 -name 'python-debs-*' ! -path "$debs_dir" -exec rm -rf {} +
  say "$PYTHON_IMAGE: cached $(find "$debs_dir" -name '*.deb' | wc -l) packages in $(basename "$debs_dir")"
}

# Runs in the helper container as `sh -eu install.sh <debs-dir> <package>...`
# (a file rather than `sh -c`, so `docker history` shows one readable line).
# The .debs arrive through `docker cp` rather than a bind mount so this also
# works when the engine is remote (DOCKER_HOST) or sees another filesystem, and
# they are deleted before the commit, so the layer holds only what got installed.
# apt rather than a bare `dpkg -i *.deb`: dpkg unpacks in argument order and
# refuses python3-minimal, whose Pre-Depends (python3.11-minimal) is not
# configured yet; apt orders local files correctly and needs no network.
write_python_install_script() {
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

seed_python_image() {
  local debs_dir debs_name version
  debs_dir="$(python_debs_dir)"
  [ -d "$debs_dir" ] || download_python_debs "$debs_dir"
  debs_name="$(basename "$debs_dir")"
  write_python_install_script "$IMG_DIR/install-python.sh"

  say "$PYTHON_IMAGE: installing $(find "$debs_dir" -name '*.deb' | wc -l) packages with --network none"
  docker rm -f "$PYTHON_CONTAINER" >/dev/null 2>&1 || true
  docker create --name "$PYTHON_CONTAINER" --network none "$DEBIAN_IMAGE" \
    sh -eu /tmp/install-python.sh "/tmp/$debs_name" "${PYTHON_PACKAGES[@]}" >/dev/null
  tar -C "$IMG_DIR" -cf - "$debs_name" install-python.sh | docker cp - "$PYTHON_CONTAINER:/tmp"
  run_logged python-install docker start -a "$PYTHON_CONTAINER"
  [ "$(docker inspect -f '{{.State.ExitCode}}' "$PYTHON_CONTAINER")" = 0 ] ||
    die "installing python failed (see $LOG_DIR/python-install.log)"

  version="$(sed -n 's/^PYTHON_VERSION=//p' "$LOG_DIR/python-install.log" | tail -n 1)"
  [[ "$version" == 3.11.* ]] || die "expected Python 3.11.x in the image, got '${version}'"

  say "$PYTHON_IMAGE: docker commit (Python $version)"
  docker commit \
    --change 'CMD ["python3"]' \
    --change 'ENV LANG=C.UTF-8' \
    --change "ENV PYTHON_VERSION=$version" \
    --change "LABEL $BASE_LABEL" \
    --message "dockyard: Debian's python3 $version and pip" \
    "$PYTHON_CONTAINER" "$PYTHON_IMAGE" >/dev/null
  docker rm -f "$PYTHON_CONTAINER" >/dev/null
}

# -------------------------------------------------------------------- main --

main() {
  images_present "$DEBIAN_IMAGE" "$PYTHON_IMAGE" && exit 0

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
  images_present "$DEBIAN_IMAGE" "$PYTHON_IMAGE" && exit 0

  trap cleanup EXIT
  # Turn signals into an exit so the EXIT trap tidies up after them too.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local started=$SECONDS
  images_present "$DEBIAN_IMAGE" || seed_debian_image
  images_present "$PYTHON_IMAGE" || seed_python_image
  say "base images ready ($((SECONDS - started)) s)"
}

main "$@"
