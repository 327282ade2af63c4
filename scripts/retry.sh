# Tries a set-up step again when it fails, for steps that download: the npm registry and Debian's archive fail now
# and then for a moment (npm's EIDLETIMEOUT, a mirror resetting a connection, a 503), and one such moment should not
# cost a fresh machine's whole `npm start`. Sourced by scripts/common.sh, scripts/engine/install-engine.sh and
# scripts/labs/ensure-lab-host.sh, which define `say`; the image seeding lives with the runner and retries in its
# own seed-lib.sh (`fetch_logged`), with the same pauses.
# shellcheck shell=bash

# The pauses between tries, in seconds: three tries in all by default. Tests make them short.
DOCKYARD_RETRY_PAUSES="${DOCKYARD_RETRY_PAUSES-5 20}"

# retried <what> <command>...: runs the command, and again after each pause while it fails; returns the status of
# its last try. A step that fails for good is the caller's to explain.
retried() {
  local what="$1" pause status
  shift
  for pause in $DOCKYARD_RETRY_PAUSES; do
    "$@" && return 0
    status=$?
    say "$what failed (exit $status); trying again in $pause s, as downloads sometimes fail for a moment"
    sleep "$pause"
  done
  "$@"
}
