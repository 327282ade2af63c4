#!/usr/bin/env bash
# Makes this machine a lab host (docs/labs.md): Debian's rootlesskit, uidmap
# (newuidmap/newgidmap) and bubblewrap, and a pool of unprivileged accounts a
# lab engine runs as, each with a subordinate id range of its own. Idempotent;
# needs root, as the runner does. Usage: ensure-lab-host.sh [accounts]
set -euo pipefail

# Enough that a machine's cores and memory, not its accounts, bound its labs (22 on 2 cores and 24 GiB: the runner
# uses as many as labCapacity allows; more machines, more accounts).
ACCOUNTS="${1:-${DOCKYARD_LAB_ACCOUNTS:-32}}"
PREFIX="dockyard-lab-"
GROUP="dockyard-labs"
# Far above the ranges useradd hands out (100000 + 65536 per user), so the two never meet.
SUBID_BASE=2000000
SUBID_COUNT=65536
# socat and dnsmasq: the way from a lab to the package mirror, and the name it goes by (lab-sandbox.ts). nano: the
# editor a newcomer can use in a lab's terminal (the lab sees the host's /usr), beside vim. skopeo: reads and copies
# images registry to registry (the supply-chain lesson's promotion by digest, practised in push-and-roll-back).
PACKAGES=(rootlesskit uidmap bubblewrap socat dnsmasq-base nano skopeo)

say() { printf '[ensure-lab-host] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
source "$(dirname "$0")/../retry.sh"

[ "$(id -u)" = 0 ] || die "run it as root: it installs packages and creates the lab accounts"
[[ "$ACCOUNTS" =~ ^[0-9]+$ ]] && [ "$ACCOUNTS" -ge 1 ] && [ "$ACCOUNTS" -le 200 ] ||
  die "the number of lab accounts must be 1 to 200, not '$ACCOUNTS'"

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Waits for another apt-get (npm start seeds images beside this one, and may install debootstrap) instead of failing.
APT=(apt-get -o DPkg::Lock::Timeout=300)
install_missing() {
  "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    "${APT[@]}" --error-on=any update -qq >/dev/null
    "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  }
}
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} from Debian's archive"
  export DEBIAN_FRONTEND=noninteractive
  # A run stopped half-way (Ctrl-C during npm start's warm-up) leaves dpkg interrupted (its updates folder not
  # empty), which apt refuses until the packages it had unpacked are configured; apt reports it if this fails.
  if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then dpkg --configure -a >&2 || true; fi
  retried "installing ${missing[*]}" install_missing ||
    die "could not install ${missing[*]} from Debian's archive (apt-get's messages are above); run this again to resume"
fi

# Rootless engines need user namespaces; some kernels switch them off for unprivileged users.
if [ -r /proc/sys/kernel/unprivileged_userns_clone ] && [ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" = 0 ]; then
  die "unprivileged user namespaces are off (kernel.unprivileged_userns_clone=0): a lab engine cannot start"
fi

getent group "$GROUP" >/dev/null || groupadd --system "$GROUP"
for ((i = 0; i < ACCOUNTS; i++)); do
  user="$(printf '%s%02d' "$PREFIX" "$i")"
  if ! getent passwd "$user" >/dev/null; then
    # No home, no login shell: the account only owns one lab's engine at a time.
    useradd --system --gid "$GROUP" --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  start=$((SUBID_BASE + i * SUBID_COUNT))
  for file in /etc/subuid /etc/subgid; do
    if ! grep -q "^$user:" "$file" 2>/dev/null; then
      echo "$user:$start:$SUBID_COUNT" >>"$file"
    elif ! grep -qx "$user:$start:$SUBID_COUNT" "$file"; then
      die "$file gives $user another range than $start:$SUBID_COUNT; remove its line and run this again"
    fi
  done
done
say "lab host ready: ${ACCOUNTS} accounts ${PREFIX}00.. with subordinate ids from $SUBID_BASE"
