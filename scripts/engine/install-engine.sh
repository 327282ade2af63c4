#!/usr/bin/env bash
# Installs Dockyard's grading engine into $DOCKYARD_ENGINE_HOME without
# touching the host's apt configuration or installed packages:
#
#   Debian trixie:   docker.io (dockerd 26.1), docker-cli, docker-buildx,
#                    docker-compose (v2), containerd 1.7, tini (static, as docker-init)
#   Debian bookworm: runc (trixie's needs glibc 2.38; bookworm's is patched for
#                    the 2024 runc CVEs and is what bookworm's own Docker uses);
#                    iptables (nft backend) and its libraries, which dockerd runs
#                    only inside a container's own network namespace, to point
#                    127.0.0.11 at the embedded DNS server of Compose networks
#
# The packages are fetched with the host's apt-get but a private sources list
# and state directory, unpacked with dpkg -x (no maintainer scripts run, nothing
# registered with dpkg), and linked into $DOCKYARD_ENGINE_HOME/bin. Idempotent:
# an installed engine of the same package set is left alone.
set -euo pipefail
source "$(dirname "$0")/engine-env.sh"

MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
TRIXIE_PACKAGES=(docker.io docker-cli docker-buildx docker-compose containerd tini)
BOOKWORM_PACKAGES=(runc iptables libip4tc2 libip6tc2 libxtables12 libnftnl11 libnetfilter-conntrack3 libnfnetlink0
  libmnl0)
# Bump when the layout below changes, so existing installs are redone.
LAYOUT=2

say() { printf 'install-engine: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
source "$(dirname "$0")/../retry.sh"

home="$DOCKYARD_ENGINE_HOME"
stamp="$home/installed"
want="layout=$LAYOUT ${TRIXIE_PACKAGES[*]} / ${BOOKWORM_PACKAGES[*]}"
if [ "$(head -n1 "$stamp" 2>/dev/null || true)" = "$want" ] && [ -x "$home/bin/dockerd" ]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get is missing: on a system that is not Debian-like, run your own Docker Engine >= 26 with buildx and set DOCKER_HOST (docs/engine.md)."
command -v dpkg >/dev/null 2>&1 || die "dpkg is missing"
[ "$(id -u)" = 0 ] || die "installing the engine needs root (it runs containers)"

mkdir -p "$home"
work="$home/download.partial"
rm -rf "$work"
mkdir -p "$work"

# Downloads packages of one suite with a private sources list and state.
fetch_suite() {
  local suite="$1"; shift
  local apt_dir="$work/apt-$suite"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$work/debs"
  echo "deb $MIRROR $suite main" >"$apt_dir/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
  say "fetching Debian $suite: $*"
  retried "fetching from Debian $suite" fetch_once "$@" ||
    die "could not fetch $* from Debian $suite ($MIRROR); run this again to resume"
}

# One try of fetch_suite (its opts and work): the package lists, where a list that fails to download is an error
# (--error-on=any; apt-get would go on without it), then the packages.
fetch_once() {
  apt-get "${opts[@]}" -qq --error-on=any update >&2 && (cd "$work/debs" && apt-get "${opts[@]}" -qq download "$@" >&2)
}

fetch_suite trixie "${TRIXIE_PACKAGES[@]}"
fetch_suite bookworm "${BOOKWORM_PACKAGES[@]}"

root="$work/root"
mkdir -p "$root"
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$root"; done
versions="$(for deb in "$work"/debs/*.deb; do dpkg-deb -f "$deb" Package Version | paste -sd' '; done)"

# Swap the new tree in whole, so a half-finished install is never used.
rm -rf "$home/dist.old"
[ -d "$home/dist" ] && mv "$home/dist" "$home/dist.old"
mv "$root" "$home/dist"
rm -rf "$home/dist.old" "$work"

dist="$home/dist"
mkdir -p "$home/bin" "$home/config/cli-plugins"
link() { ln -sfn "$1" "$2"; }
link "$dist/usr/sbin/dockerd" "$home/bin/dockerd"
link "$dist/usr/sbin/docker-proxy" "$home/bin/docker-proxy"
link "$dist/usr/sbin/runc" "$home/bin/runc"
link "$dist/usr/bin/docker" "$home/bin/docker"
link "$dist/usr/bin/containerd" "$home/bin/containerd"
link "$dist/usr/bin/containerd-shim-runc-v2" "$home/bin/containerd-shim-runc-v2"
link "$dist/usr/bin/ctr" "$home/bin/ctr"
# tini's dynamic build wants a newer glibc than bookworm's; the static one does not.
link "$dist/usr/bin/tini-static" "$home/bin/docker-init"
link "$dist/usr/libexec/docker/cli-plugins/docker-buildx" "$home/config/cli-plugins/docker-buildx"
link "$dist/usr/libexec/docker/cli-plugins/docker-compose" "$home/config/cli-plugins/docker-compose"
# iptables unpacked with dpkg -x finds neither its libraries nor its extensions by itself. dockerd never calls it
# for the engine's own namespace ("iptables": false); the wrapper only makes the calls for a container's DNS work.
libdir="$(dirname "$(find "$dist/usr/lib" -name 'libxtables.so.12' -print -quit)")"
for tool in iptables ip6tables; do
  printf '%s\n' '#!/bin/sh' "# $tool from Debian's package in $dist (scripts/engine/install-engine.sh)." \
    "export LD_LIBRARY_PATH='$libdir' XTABLES_LIBDIR='$libdir/xtables'" \
    "exec '$dist/usr/sbin/xtables-nft-multi' $tool \"\$@\"" >"$home/bin/$tool.partial"
  chmod 0755 "$home/bin/$tool.partial"
  mv -f "$home/bin/$tool.partial" "$home/bin/$tool"
done

# Every binary must start on this host's libc before we call it installed.
for b in dockerd docker containerd containerd-shim-runc-v2 runc docker-init iptables ip6tables; do
  flag=--version
  [ "$b" = containerd-shim-runc-v2 ] && flag=-v
  "$home/bin/$b" "$flag" >/dev/null 2>&1 || die "$b from the downloaded packages does not run on this system ($(ldd "$home/bin/$b" 2>&1 | grep -m1 'not found' || echo 'see ldd'))"
done
"$home/bin/docker" --config "$home/config" buildx version >/dev/null 2>&1 || die "the buildx plugin does not run"
"$home/bin/docker" --config "$home/config" compose version >/dev/null 2>&1 || die "the compose plugin does not run"

printf '%s\n%s\n' "$want" "$versions" >"$stamp"
say "installed into $home:"
sed 1d "$stamp" | sed 's/^/  /' >&2
