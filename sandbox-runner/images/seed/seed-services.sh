# Service images for the Compose stacks the grader starts: real servers from
# Debian bookworm's own packages, on debian:bookworm-slim, tagged with the
# version inside. No registry is reachable, so these stand in for the official
# images (redis:7.0.15-bookworm and the like) and behave like them where a
# stack depends on it. Sourced by seed-base-images.sh.
# shellcheck shell=bash

# Must match SERVICE_IMAGES in sandbox-runner/images/base-images.ts. The tag
# names the upstream version in bookworm; seeding stops if Debian moves it.
REDIS_VERSION="7.0.15"
REDIS_IMAGE="dockyard/redis:$REDIS_VERSION-bookworm"
REDIS_CONTAINER="dockyard-seed-redis"
REDIS_PACKAGES=(redis-server)

# Resolved against the slim image, so the cache is keyed by its layers.
redis_debs_dir() {
  local base
  base="$(docker image inspect -f '{{join .RootFS.Layers ","}}' "$DEBIAN_IMAGE")"
  echo "$IMG_DIR/redis-debs-$(printf '%s\n' "$base" "${REDIS_PACKAGES[@]}" | short_hash)"
}

# Runs in the install container as `sh -eu install-redis.sh <debs-dir>`.
# Like the official image: the server runs as the redis user in /data, which
# is a volume, and protected mode is off, because in a container the clients
# are other containers (the official image turns it off when compiling).
write_redis_install_script() {
  cat >"$1" <<'EOF'
export DEBIAN_FRONTEND=noninteractive
debs="$1"
apt-get install -y --no-install-recommends "$debs"/*.deb
apt-mark auto $(for f in "$debs"/*.deb; do dpkg-deb -f "$f" Package; done) >/dev/null
apt-mark manual redis-server >/dev/null
rm -rf "$debs" "$0"
echo "REDIS_VERSION=$(redis-server --version | sed -n 's/.* v=\([0-9.]*\) .*/\1/p')"
mkdir -p /data
chown redis:redis /data
cat >/usr/local/bin/docker-entrypoint.sh <<'SCRIPT'
#!/bin/sh
set -e
# Options alone mean "redis-server with these options", as in the official image.
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  # A config file must stay the first argument; options after it still override protected mode.
  if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    conf="$1"; shift
    set -- redis-server "$conf" --protected-mode no "$@"
  else
    set -- redis-server --protected-mode no "$@"
  fi
fi
exec "$@"
SCRIPT
chmod 0755 /usr/local/bin/docker-entrypoint.sh
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt/*
rm -f /var/log/dpkg.log /var/log/alternatives.log /var/cache/ldconfig/aux-cache
EOF
}

seed_redis_image() {
  local debs_dir debs_name log version
  debs_dir="$(redis_debs_dir)"
  if [ ! -d "$debs_dir" ]; then
    RESOLVER_STANDINS=()
    download_debs "$DEBIAN_IMAGE" "$debs_dir" redis "${REDIS_PACKAGES[@]}"
    prune_caches redis-debs- "$debs_dir"
  fi
  debs_name="$(basename "$debs_dir")"
  log="$LOG_DIR/install-$REDIS_CONTAINER.log"
  write_redis_install_script "$IMG_DIR/install-redis.sh"

  say "$REDIS_IMAGE: installing $(find "$debs_dir" -name '*.deb' | wc -l) packages with --network none"
  docker rm -f "$REDIS_CONTAINER" >/dev/null 2>&1 || true
  docker create --name "$REDIS_CONTAINER" --network none "$DEBIAN_IMAGE" \
    sh -eu /tmp/install-redis.sh "/tmp/$debs_name" >/dev/null
  tar -C "$IMG_DIR" -cf - "$debs_name" install-redis.sh | docker cp - "$REDIS_CONTAINER:/tmp"
  if ! docker start -a "$REDIS_CONTAINER" >"$log" 2>&1 ||
    [ "$(docker inspect -f '{{.State.ExitCode}}' "$REDIS_CONTAINER")" != 0 ]; then
    tail -n 30 "$log" >&2
    die "installing redis-server for $REDIS_IMAGE failed (see $log)"
  fi
  version="$(sed -n 's/^REDIS_VERSION=//p' "$log" | tail -n 1)"
  [ "$version" = "$REDIS_VERSION" ] ||
    die "Debian bookworm now has Redis '$version', not $REDIS_VERSION: update REDIS_VERSION here and in base-images.ts"

  remember_replaced "$REDIS_IMAGE"
  say "$REDIS_IMAGE: docker commit (Redis $version)"
  docker commit \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["redis-server"]' \
    --change 'USER redis' \
    --change 'WORKDIR /data' \
    --change 'VOLUME /data' \
    --change 'EXPOSE 6379' \
    --change "ENV REDIS_VERSION=$version" \
    --change "LABEL dockyard.service-image=true dockyard.seed-version=$SEED_VERSION" \
    --message "dockyard: Debian bookworm's redis-server $version" "$REDIS_CONTAINER" "$REDIS_IMAGE" >/dev/null
  docker rm -f "$REDIS_CONTAINER" >/dev/null
}
