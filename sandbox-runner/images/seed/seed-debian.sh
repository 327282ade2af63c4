# debian:bookworm-slim: debootstrap'd Debian, slimmed like the official image.
# Sourced by seed-base-images.sh.
# shellcheck shell=bash

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

# bootstrap_slim_rootfs <root> <suite> <log-name>: Debian <suite> debootstrap'd
# into <root> with its updates, configured like the official slim image, so the
# packages a caller installs next stay slim too (the dpkg excludes).
bootstrap_slim_rootfs() {
  local root="$1" suite="$2" name="$3"
  require_host_tool debootstrap debootstrap
  fetch_logged "$name-debootstrap" debootstrap_afresh "$root" "$suite"
  write_slim_dpkg_config "$root"
  write_container_apt_config "$root"
  SUITE="$suite" write_apt_sources "$root"
  prepare_chroot "$root"
  # The official image includes point-release and security updates; without them
  # the python layer would carry upgraded copies of base libraries.
  fetch_logged "$name-apt-update" in_chroot "$root" apt-get --error-on=any update
  fetch_logged "$name-apt-upgrade" in_chroot "$root" apt-get -y upgrade
}

# A try of debootstrap into an empty <root>: one that failed half-way leaves a tree a second try cannot build on.
debootstrap_afresh() {
  local root="$1" suite="$2"
  remove_tree "$root"
  mkdir -p "$root"
  debootstrap --variant=minbase "$suite" "$root" "$MIRROR"
}

# write_rootfs_tar <root> <tar>: the tree slimmed and stripped of build
# leftovers, as a tarball for `docker import`, swapped in whole; the tree is
# removed.
write_rootfs_tar() {
  local root="$1" tar_file="$2"
  remove_slim_excluded_files "$root"
  strip_build_leftovers "$root"
  rm -f "$tar_file.partial"
  # /dev, /proc and /sys are provided by the engine at run time.
  tar --numeric-owner --one-file-system -C "$root" \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$tar_file.partial" .
  mv "$tar_file.partial" "$tar_file"
  remove_tree "$root"
}

build_rootfs_tar() {
  require_root "$DEBIAN_IMAGE"
  say "$DEBIAN_IMAGE: debootstrap --variant=minbase $SUITE from $MIRROR, slimmed, with $SUITE-updates/$SUITE-security"
  bootstrap_slim_rootfs "$ROOTFS_WORK" "$SUITE" rootfs
  say "$DEBIAN_IMAGE: writing $(basename "$ROOTFS_TAR")"
  write_rootfs_tar "$ROOTFS_WORK" "$ROOTFS_TAR"
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

