# dockyard/cuda: python:3.11-slim plus the CUDA 11.8 runtime library from
# Debian bookworm's non-free archive (libcudart11.0), for GPU exercises. It is
# our own image, honestly named: it does not pretend to be nvidia/cuda. The
# NVIDIA driver is not in it (no image has one): the container toolkit mounts
# the host's driver when a GPU runner starts it with --gpus.
# Sourced by seed-base-images.sh.
# shellcheck shell=bash

CUDA_PACKAGES=(libcudart11.0)

# The variables nvidia/cuda images set, so the container toolkit knows what to
# inject and refuses hosts whose driver is older than the runtime.
CUDA_CHANGES=(
  "ENV CUDA_VERSION=11.8.89"
  "ENV NVIDIA_VISIBLE_DEVICES=all"
  "ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility"
  "ENV NVIDIA_REQUIRE_CUDA=cuda>=11.8"
)

cuda_debs_dir() {
  echo "$IMG_DIR/cuda-debs-$(printf '%s\n' "$SUITE" "${CUDA_PACKAGES[@]}" | short_hash)"
}

# Downloads with the host's apt but a private sources list and state, so the
# host's own apt configuration is neither needed nor touched. libcudart11.0
# depends only on libc6, which the image already has.
download_cuda_debs() {
  local dest="$1" work="$IMG_DIR/cuda-apt.partial"
  rm -rf "$work" "$dest.partial"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$dest.partial"
  echo "deb $MIRROR $SUITE main non-free" >"$work/sources.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root")
  say "cuda: downloading ${CUDA_PACKAGES[*]} from Debian $SUITE non-free"
  fetch_logged cuda-apt-update apt-get "${apt_opts[@]}" --error-on=any update
  (cd "$dest.partial" && fetch_logged cuda-apt-download apt-get "${apt_opts[@]}" download "${CUDA_PACKAGES[@]}")
  mv "$dest.partial" "$dest"
  rm -rf "$work"
}

seed_cuda_runtime() {
  local debs_dir
  debs_dir="$(cuda_debs_dir)"
  if [ ! -d "$debs_dir" ]; then
    download_cuda_debs "$debs_dir"
    prune_caches cuda-debs- "$debs_dir"
  fi
  # shellcheck disable=SC2034 # used through a nameref
  local changes=('CMD ["python3"]' 'ENV LANG=C.UTF-8' "${PIP_CHANGES[@]}" "${CUDA_CHANGES[@]}")
  install_debs_and_commit "$PYTHON_IMAGE" "$debs_dir" "$CUDA_IMAGE" "$CUDA_CONTAINER" \
    "dockyard: CUDA 11.8 runtime (Debian libcudart11.0) on python:3.11-slim" changes "${CUDA_PACKAGES[@]}"
}
