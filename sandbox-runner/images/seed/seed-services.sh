# Service images for the Compose stacks the grader starts: real servers from
# Debian bookworm's own packages (the vector store, from trixie, has a file of
# its own: seed-pgvector.sh), on debian:bookworm-slim, tagged with the
# version inside. No registry is reachable, so these stand in for the official
# images (redis:7.0.15-bookworm and the like) and behave like them where a
# stack depends on it. The registry is not for stacks: labs load it, so a
# learner can run a registry of their own inside a lab. Sourced by
# seed-base-images.sh.
# shellcheck shell=bash

# Must match SERVICE_IMAGES in sandbox-runner/images/base-images.ts. The tag
# names the upstream version in bookworm; seeding stops if Debian moves it.
REDIS_VERSION="7.0.15"
REDIS_IMAGE="dockyard/redis:$REDIS_VERSION-bookworm"
REDIS_CONTAINER="dockyard-seed-redis"
REDIS_PACKAGES=(redis-server)

JUPYTER_VERSION="6.4.12"
JUPYTER_IMAGE="dockyard/jupyter-notebook:$JUPYTER_VERSION-bookworm"
JUPYTER_CONTAINER="dockyard-seed-jupyter"
JUPYTER_PACKAGES=(jupyter-notebook)

# Must match LAB_SERVICE_IMAGES in sandbox-runner/images/base-images.ts: the
# registry a learner runs inside a lab (Debian's build of the distribution
# project, the code the official registry:2 image runs).
REGISTRY_VERSION="2.8.2"
REGISTRY_IMAGE="dockyard/registry:$REGISTRY_VERSION-bookworm"
REGISTRY_CONTAINER="dockyard-seed-registry"
REGISTRY_PACKAGES=(docker-registry)

# Resolved against the slim image, so the cache is keyed by its layers.
service_debs_dir() {
  local name="$1" base; shift
  base="$(docker image inspect -f '{{join .RootFS.Layers ","}}' "$DEBIAN_IMAGE")"
  echo "$IMG_DIR/$name-debs-$(printf '%s\n' "$base" "$@" | short_hash)"
}

# The server's part of `sh -eu install-redis.sh <debs-dir>`.
# Like the official image: the server runs as the redis user in /data, which
# is a volume, and protected mode is off, because in a container the clients
# are other containers (the official image turns it off when compiling).
write_redis_install_script() {
  cat <<'EOF'
echo "VERSION=$(redis-server --version | sed -n 's/.* v=\([0-9.]*\) .*/\1/p')"
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
EOF
}

# The install script: the packages from the .debs, then the server's own part
# (write_<name>_install_script, which prints VERSION=<x.y.z>), then the clean-up
# the official images do, so the layer holds only what got installed.
write_service_install_script() {
  local name="$1"; shift
  cat <<'EOF'
export DEBIAN_FRONTEND=noninteractive
debs="$1"
EOF
  # What must be in place before the packages go in (write_<name>_pre_install_script), if the image has any.
  if declare -F "write_${name}_pre_install_script" >/dev/null; then "write_${name}_pre_install_script"; fi
  cat <<'EOF'
apt-get install -y --no-install-recommends "$debs"/*.deb
apt-mark auto $(for f in "$debs"/*.deb; do dpkg-deb -f "$f" Package; done) >/dev/null
rm -rf "$debs" "$0"
EOF
  echo "apt-mark manual $* >/dev/null"
  "write_${name}_install_script"
  cat <<'EOF'
find /usr -depth -type d -name __pycache__ -exec rm -rf {} +
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old /var/log/apt/*
rm -f /var/log/dpkg.log /var/log/alternatives.log /var/cache/ldconfig/aux-cache
EOF
}

# seed_service_image <name> <image> <container> <expected-version> <changes-array> <package>...
# Installs the packages' cached .debs in a --network none container from the
# slim image with install-<name>.sh and commits it, labelled as a service image
# unless SEED_IMAGE_LABEL names another kind (the CUDA toolkit is a base image).
seed_service_image() {
  local name="$1" image="$2" container="$3" expected="$4"
  local -n service_changes="$5"
  shift 5
  local debs_dir debs_name log version change args=()
  debs_dir="$(service_debs_dir "$name" "$@")"
  if [ ! -d "$debs_dir" ]; then
    # shellcheck disable=SC2206 # a list of package names, split on purpose
    RESOLVER_STANDINS=(${RESOLVER_STANDINS_EXTRA:-})
    download_debs "$DEBIAN_IMAGE" "$debs_dir" "$name" "$@"
    prune_caches "$name-debs-" "$debs_dir"
  fi
  debs_name="$(basename "$debs_dir")"
  log="$LOG_DIR/install-$container.log"
  write_service_install_script "$name" "$@" >"$IMG_DIR/install-$name.sh"

  say "$image: installing $(find "$debs_dir" -name '*.deb' | wc -l) packages with --network none"
  docker rm -f "$container" >/dev/null 2>&1 || true
  docker create --name "$container" --network none "$DEBIAN_IMAGE" \
    sh -eu "/tmp/install-$name.sh" "/tmp/$debs_name" >/dev/null
  tar -C "$IMG_DIR" -cf - "$debs_name" "install-$name.sh" | docker cp - "$container:/tmp"
  if ! docker start -a "$container" >"$log" 2>&1 ||
    [ "$(docker inspect -f '{{.State.ExitCode}}' "$container")" != 0 ]; then
    tail -n 30 "$log" >&2
    die "installing $* for $image failed (see $log)"
  fi
  version="$(sed -n 's/^VERSION=//p' "$log" | tail -n 1)"
  [ "$version" = "$expected" ] ||
    die "Debian bookworm now has $name '$version', not $expected: update seed-services.sh and base-images.ts"

  for change in "${service_changes[@]}"; do args+=(--change "$change"); done
  remember_replaced "$image"
  say "$image: docker commit ($name $version)"
  docker commit "${args[@]}" \
    --change "LABEL ${SEED_IMAGE_LABEL:-dockyard.service-image=true} dockyard.seed-version=$SEED_VERSION" \
    --message "dockyard: Debian bookworm's $* ($name $version)" "$container" "$image" >/dev/null
  docker rm -f "$container" >/dev/null
}

# shellcheck disable=SC2034 # read by seed_service_image through a nameref
REDIS_CHANGES=(
  'ENTRYPOINT ["docker-entrypoint.sh"]'
  'CMD ["redis-server"]'
  'USER redis'
  'WORKDIR /data'
  'VOLUME /data'
  'EXPOSE 6379'
  "ENV REDIS_VERSION=$REDIS_VERSION"
)
seed_redis_image() {
  seed_service_image redis "$REDIS_IMAGE" "$REDIS_CONTAINER" "$REDIS_VERSION" REDIS_CHANGES "${REDIS_PACKAGES[@]}"
}

# The server's part of `sh -eu install-jupyter.sh <debs-dir>`.
# Like the Jupyter Docker Stacks images: the server runs as jovyan (uid 1000)
# with its notebooks in /home/jovyan/work, listens on every interface, and takes
# its token from JUPYTER_TOKEN (the notebook server reads that variable itself).
write_jupyter_install_script() {
  cat <<'EOF'
echo "VERSION=$(jupyter notebook --version)"
useradd --uid 1000 --create-home --shell /bin/bash jovyan
mkdir -p /home/jovyan/work
chown jovyan:jovyan /home/jovyan/work
EOF
}

# shellcheck disable=SC2034 # read by seed_service_image through a nameref
JUPYTER_CHANGES=(
  'CMD ["jupyter", "notebook", "--ip=0.0.0.0", "--port=8888", "--no-browser"]'
  'USER jovyan'
  'WORKDIR /home/jovyan/work'
  'ENV HOME=/home/jovyan'
  'VOLUME /home/jovyan/work'
  'EXPOSE 8888'
  "ENV JUPYTER_VERSION=$JUPYTER_VERSION"
)
seed_jupyter_image() {
  seed_service_image jupyter "$JUPYTER_IMAGE" "$JUPYTER_CONTAINER" "$JUPYTER_VERSION" JUPYTER_CHANGES \
    "${JUPYTER_PACKAGES[@]}"
}

# The server's part of `sh -eu install-registry.sh <debs-dir>`.
# Like the official registry:2 image, so the usual commands work unchanged:
# - Debian's config asks for htpasswd auth from a file it does not ship and
#   stores under /var/lib/docker-registry; this one listens on :5000 with no
#   auth and keeps the images in /var/lib/registry, where `-v` puts a volume.
#   Deleting is off, as there; REGISTRY_STORAGE_DELETE_ENABLED=true turns it on.
# - `registry` is on the PATH (`docker exec registry registry garbage-collect
#   /etc/docker/registry/config.yml`), and a config file as the only argument
#   means `registry serve <file>`.
# - It runs as root, as the official image does. As Debian's docker-registry
#   user a named volume would work (it copies the directory's owner), but a
#   bind mount (`-v "$PWD/data:/var/lib/registry"`), which tutorials use as
#   often, is owned by whoever made it and the first push would fail. Root in a
#   lab's container is the lab's unprivileged account on the host.
write_registry_install_script() {
  cat <<'EOF'
echo "VERSION=$(docker-registry --version | sed -n 's/.* \([0-9][0-9.]*\)+ds.*/\1/p')"
ln -s /usr/bin/docker-registry /usr/local/bin/registry
mkdir -p /var/lib/registry
cat >/etc/docker/registry/config.yml <<'CONFIG'
version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
CONFIG
cat >/usr/local/bin/docker-entrypoint.sh <<'SCRIPT'
#!/bin/sh
set -e
case "$1" in
  *.yaml | *.yml) set -- registry serve "$@" ;;
  serve | garbage-collect | help | -*) set -- registry "$@" ;;
esac
exec "$@"
SCRIPT
chmod 0755 /usr/local/bin/docker-entrypoint.sh
EOF
}

# shellcheck disable=SC2034 # read by seed_service_image through a nameref
REGISTRY_CHANGES=(
  'ENTRYPOINT ["docker-entrypoint.sh"]'
  'CMD ["/etc/docker/registry/config.yml"]'
  'VOLUME /var/lib/registry'
  'EXPOSE 5000'
  "ENV REGISTRY_VERSION=$REGISTRY_VERSION"
)
seed_registry_image() {
  seed_service_image registry "$REGISTRY_IMAGE" "$REGISTRY_CONTAINER" "$REGISTRY_VERSION" REGISTRY_CHANGES \
    "${REGISTRY_PACKAGES[@]}"
}
