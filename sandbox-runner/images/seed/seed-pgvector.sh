# dockyard/pgvector:0.8.0-pg17-trixie: PostgreSQL 17 with the pgvector
# extension, the vector store of the Compose stacks the grader starts.
# Bookworm has no pgvector package and trixie's is built for trixie's glibc, so
# this image is its own debootstrap'd, slimmed Debian trixie rather than a layer
# on debian:bookworm-slim. It behaves like the official postgres and
# pgvector/pgvector images where a stack depends on it: POSTGRES_USER,
# POSTGRES_PASSWORD (or _FILE), POSTGRES_DB and POSTGRES_HOST_AUTH_METHOD on the
# first start, /docker-entrypoint-initdb.d, data in /var/lib/postgresql/data,
# SCRAM-SHA-256 for network clients. Sourced by seed-base-images.sh.
# shellcheck shell=bash

# Must match SERVICE_IMAGES in sandbox-runner/images/base-images.ts. The tag
# names the versions in trixie; seeding stops if Debian moves them.
PGVECTOR_VERSION="0.8.0"
PG_MAJOR="17"
PGVECTOR_IMAGE="dockyard/pgvector:$PGVECTOR_VERSION-pg$PG_MAJOR-trixie"
PGVECTOR_SUITE="trixie"
PGVECTOR_PACKAGES=("postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-pgvector")
# This file is the image's whole recipe: a change to it (the entrypoint, say)
# rebuilds the rootfs and the image without a new seed version for all images.
PGVECTOR_RECIPE="$(short_hash <"$SEED_DIR/seed-pgvector.sh")"
PGVECTOR_TAR="$IMG_DIR/pgvector-$PGVECTOR_SUITE-$PGVECTOR_RECIPE.rootfs.tar"
PGVECTOR_WORK="$IMG_DIR/pgvector-$PGVECTOR_SUITE.rootfs.partial"
PGDATA_DIR="/var/lib/postgresql/data"

# The first start initialises an empty data directory the way the official
# image does; later starts find PG_VERSION there and only run the server.
write_postgres_entrypoint() {
  cat >"$1" <<'EOF'
#!/bin/sh
set -eu
# Options alone mean "postgres with these options", as in the official image.
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then POSTGRES_PASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")"; fi
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  method="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$method" != trust ]; then
    echo "error: the database is not initialised and POSTGRES_PASSWORD is not set." >&2
    echo "  Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) for the superuser $user;" >&2
    echo "  POSTGRES_HOST_AUTH_METHOD=trust lets anyone connect without one (never outside a laptop)." >&2
    exit 1
  fi
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host="$method" \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  printf '%s\n' "host all all all $method" >>"$PGDATA/pg_hba.conf"
  printf '%s\n' "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  # A server only this script can reach (no TCP) for the database and the init scripts.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$db" != postgres ]; then
    # On stdin, because psql interpolates :"db" (quoted as an identifier) there and not in -c.
    printf '%s\n' 'CREATE DATABASE :"db";' |
      psql -v ON_ERROR_STOP=1 -q --username "$user" --dbname postgres --set db="$db"
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -q --username "$user" --dbname "$db" -f "$f" ;;
      *.sh) echo "running $f"; . "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
exec "$@"
EOF
  chmod 0755 "$1"
}

build_pgvector_rootfs() {
  local root="$PGVECTOR_WORK" versions
  require_root "$PGVECTOR_IMAGE"
  say "$PGVECTOR_IMAGE: debootstrap --variant=minbase $PGVECTOR_SUITE from $MIRROR"
  bootstrap_slim_rootfs "$root" "$PGVECTOR_SUITE" pgvector
  # As in the official image: no cluster from the package, the entrypoint makes one in PGDATA.
  mkdir -p "$root/etc/postgresql-common"
  printf '%s\n' 'create_main_cluster = false' >"$root/etc/postgresql-common/createcluster.conf"
  say "$PGVECTOR_IMAGE: installing ${PGVECTOR_PACKAGES[*]}"
  fetch_logged pgvector-apt-install in_chroot "$root" apt-get install -y --no-install-recommends \
    "${PGVECTOR_PACKAGES[@]}"

  versions="$(in_chroot "$root" dpkg-query -W -f '${Version} ' "${PGVECTOR_PACKAGES[@]}")"
  [[ "$versions" == "$PG_MAJOR".*" $PGVECTOR_VERSION-"* ]] ||
    die "Debian $PGVECTOR_SUITE now has '${versions}' for ${PGVECTOR_PACKAGES[*]}: update PGVECTOR_VERSION here and in base-images.ts"

  write_postgres_entrypoint "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root$PGDATA_DIR" "$root/run/postgresql" "$root/docker-entrypoint-initdb.d"
  in_chroot "$root" chown postgres:postgres "$PGDATA_DIR" /run/postgresql
  chmod 0700 "$root$PGDATA_DIR"
  chmod 2775 "$root/run/postgresql"

  write_rootfs_tar "$root" "$PGVECTOR_TAR"
}

pgvector_current() {
  image_current "$PGVECTOR_IMAGE" && [ "$(image_label "$PGVECTOR_IMAGE" dockyard.recipe)" = "$PGVECTOR_RECIPE" ]
}

seed_pgvector_image() {
  if [ ! -s "$PGVECTOR_TAR" ]; then
    build_pgvector_rootfs
    prune_caches "pgvector-$PGVECTOR_SUITE-" "$PGVECTOR_TAR"
  fi
  remember_replaced "$PGVECTOR_IMAGE"
  say "$PGVECTOR_IMAGE: docker import"
  docker import \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    --change 'USER postgres' \
    --change "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:$IMAGE_PATH" \
    --change "ENV PG_MAJOR=$PG_MAJOR PGVECTOR_VERSION=$PGVECTOR_VERSION PGDATA=$PGDATA_DIR LANG=C.UTF-8" \
    --change "VOLUME $PGDATA_DIR" \
    --change 'EXPOSE 5432' \
    --change 'STOPSIGNAL SIGINT' \
    --change "LABEL dockyard.service-image=true dockyard.seed-version=$SEED_VERSION dockyard.recipe=$PGVECTOR_RECIPE" \
    --message "dockyard: Debian $PGVECTOR_SUITE's postgresql-$PG_MAJOR and pgvector $PGVECTOR_VERSION, debootstrapped" \
    "$PGVECTOR_TAR" "$PGVECTOR_IMAGE" >/dev/null
}
