# The package mirror: wheels made offline from Debian's python3-* packages
# (build-wheels.py) and an image that serves them as a PEP 503
# simple index. Sourced by seed-base-images.sh.
# shellcheck shell=bash

# The Debian packages the wheels are made from; apt adds their dependencies
# (other python3-* packages and the shared libraries that get vendored).
# patchelf is the builder's tool for setting RPATHs, not a wheel.
WHEEL_DEBS=(
  python3-numpy python3-scipy python3-sklearn python3-joblib python3-threadpoolctl
  python3-fastapi python3-starlette python3-pydantic python3-uvicorn python3-h11
  python3-click python3-anyio python3-wheel-whl patchelf
)
# Debian's scipy depends on pythran, an ahead-of-time compiler (with g++, boost
# and BLAS headers) only its build uses; a scipy wheel does not need it.
WHEEL_RESOLVER_STANDINS=(python3-pythran)
# Projects the mirror serves; the builder adds everything they require.
WHEEL_ROOTS=(
  numpy scipy scikit-learn joblib threadpoolctl fastapi starlette pydantic uvicorn
  h11 click anyio pip setuptools wheel
)
BUILDER_DIR="$SEED_DIR"
BUILDER_FILES=(build-wheels.py debian_dists.py wheel_metadata.py vendor_libs.py wheel_writer.py simple_index.py wheel-overrides.json)
MIRROR_DOCKERFILE="$BUILDER_DIR/package-mirror.Dockerfile"

wheel_debs_dir() {
  echo "$IMG_DIR/wheel-debs-$(printf '%s\n' "$(python_debs_key)" "${WHEEL_DEBS[@]}" -- "${WHEEL_RESOLVER_STANDINS[@]}" | short_hash)"
}

wheels_dir() {
  local key
  key="$( {
    basename "$(wheel_debs_dir)"
    printf '%s\n' "${WHEEL_ROOTS[@]}"
    (cd "$BUILDER_DIR" && sha256sum "${BUILDER_FILES[@]}")
  } | short_hash)"
  echo "$IMG_DIR/wheels-$key"
}

mirror_key() {
  { basename "$(wheels_dir)"; sha256sum <"$MIRROR_DOCKERFILE"; sha256sum <"$BUILDER_DIR/mirror_server.py"; } | short_hash
}

mirror_current() {
  image_current "$MIRROR_IMAGE" "$PYTHON_IMAGE" &&
    [ "$(image_label "$MIRROR_IMAGE" dockyard.mirror-key)" = "$(mirror_key)" ]
}

# Runs build-wheels.py in a --network none python:3.11-slim container: the
# very interpreter and system libraries the wheels are for, so it can tell
# which shared libraries the image already has and which must be vendored.
build_wheels() {
  local dest="$1" debs_dir stage log
  debs_dir="$(wheel_debs_dir)"
  if [ ! -d "$debs_dir" ]; then
    RESOLVER_STANDINS=("${WHEEL_RESOLVER_STANDINS[@]}")
    download_debs "$PYTHON_IMAGE" "$debs_dir" wheel-debs "${WHEEL_DEBS[@]}"
    prune_caches wheel-debs- "$debs_dir"
  fi

  stage="$IMG_DIR/wheels-stage.partial"
  rm -rf "$stage" "$dest.partial"
  mkdir -p "$stage/work/builder" "$dest.partial"
  cp -al "$debs_dir" "$stage/work/debs" 2>/dev/null || cp -a "$debs_dir" "$stage/work/debs"
  (cd "$BUILDER_DIR" && cp "${BUILDER_FILES[@]}" "$stage/work/builder/")

  say "wheels: building from $(find "$debs_dir" -name '*.deb' | wc -l) packages with --network none (a few minutes)"
  log="$LOG_DIR/build-wheels.log"
  docker rm -f "$WHEELS_CONTAINER" >/dev/null 2>&1 || true
  docker create --name "$WHEELS_CONTAINER" --network none "$PYTHON_IMAGE" \
    python3 /work/builder/build-wheels.py --debs /work/debs --tree /work/tree --out /work/out \
    --overrides /work/builder/wheel-overrides.json \
    --wheel-dir /usr/share/python-wheels --wheel-dir /work/tree/usr/share/python-wheels \
    "${WHEEL_ROOTS[@]}" >/dev/null
  tar -C "$stage" -cf - work | docker cp - "$WHEELS_CONTAINER:/"
  rm -rf "$stage"
  if ! docker start -a "$WHEELS_CONTAINER" >"$log" 2>&1 ||
    [ "$(docker inspect -f '{{.State.ExitCode}}' "$WHEELS_CONTAINER")" != 0 ]; then
    tail -n 40 "$log" >&2
    die "building wheels failed (see $log)"
  fi
  docker cp "$WHEELS_CONTAINER:/work/out" - | tar -x -C "$dest.partial" --strip-components=1
  docker rm -f "$WHEELS_CONTAINER" >/dev/null
  mv "$dest.partial" "$dest"
  prune_caches wheels- "$dest"
  say "wheels: $(find "$dest/packages" -name '*.whl' | wc -l) wheels ($(du -sm "$dest" | cut -f1) MB) in $(basename "$dest")"
}

seed_package_mirror() {
  local wheels stage
  wheels="$(wheels_dir)"
  [ -d "$wheels" ] || build_wheels "$wheels"

  stage="$IMG_DIR/mirror-context.partial"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp -al "$wheels" "$stage/mirror" 2>/dev/null || cp -a "$wheels" "$stage/mirror"
  cp "$MIRROR_DOCKERFILE" "$stage/Dockerfile"
  cp "$BUILDER_DIR/mirror_server.py" "$stage/"

  remember_replaced "$MIRROR_IMAGE"
  say "$MIRROR_IMAGE: docker buildx build --network none"
  run_logged mirror-build docker buildx build --network none --progress plain \
    --label dockyard.managed=true --label dockyard.role=package-mirror \
    --label "dockyard.seed-version=$SEED_VERSION" --label "dockyard.mirror-key=$(mirror_key)" \
    -t "$MIRROR_IMAGE" "$stage"
  rm -rf "$stage"
}
