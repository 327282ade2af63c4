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

# dockyard/cuda:11.8-devel-bookworm: the CUDA 11.8 toolkit (nvcc, the headers, the
# static and shared libraries, and the host compiler nvcc drives: g++-11) from
# Debian bookworm's non-free nvidia-cuda-toolkit, on debian:bookworm-slim. It is
# for builder stages: gigabytes a program compiled with it never needs at run
# time, which is the lesson its size teaches. No Python: nvidia/cuda's devel
# images have none either. Must match BASE_IMAGES in
# sandbox-runner/images/base-images.ts; the tag names nvcc's release.
CUDA_DEVEL_VERSION="11.8.89"
CUDA_DEVEL_IMAGE="dockyard/cuda:11.8-devel-bookworm"
CUDA_DEVEL_CONTAINER="dockyard-seed-cuda-devel"
CUDA_DEVEL_PACKAGES=(nvidia-cuda-toolkit)

# The toolkit's part of `sh -eu install-cudadevel.sh <debs-dir>`: the version nvcc reports ("Cuda compilation tools,
# release 11.8, V11.8.89"), and a compile and link of a kernel, so a toolkit that cannot build is never committed
# (with the PATH the image's CUDA_DEVEL_CHANGES give it, which the commit sets only afterwards).
write_cudadevel_install_script() {
  cat <<'SCRIPT'
echo "VERSION=$(nvcc --version | sed -n 's/.*, V\([0-9.]*\)$/\1/p')"
printf '%s\n' '__global__ void k(int *x) { *x = 1; }' 'int main() { k<<<1, 1>>>(0); return 0; }' >/tmp/k.cu
PATH="/usr/lib/nvidia-cuda-toolkit/bin:$PATH" nvcc -o /tmp/k /tmp/k.cu
rm -f /tmp/k /tmp/k.cu
SCRIPT
}

# The toolkit's packages depend on the driver's libcuda and NVML (libcuda1 or anything that provides libcuda.so.1),
# as a host install needs them. No image holds a driver: the NVIDIA Container Toolkit or a CDI spec mounts the host's
# own libcuda.so.1 and libnvidia-ml.so.1 into a GPU container, and a copy in the image would fight the host's. So
# the resolver takes them as present, and the image gets a package that says where they come from instead.
CUDA_DRIVER_STANDINS=(libcuda1 libnvidia-ml1)
write_cudadevel_pre_install_script() {
  cat <<'SCRIPT'
mkdir -p /tmp/host-driver/DEBIAN
cat >/tmp/host-driver/DEBIAN/control <<'CONTROL'
Package: dockyard-nvidia-driver-from-host
Version: 1.0
Architecture: all
Maintainer: Dockyard <nobody@invalid>
Provides: libcuda.so.1 (= 999), libnvidia-ml.so.1 (= 999)
Description: the NVIDIA driver's libraries come from the host
 A container gets libcuda.so.1 and libnvidia-ml.so.1 from the host's driver when
 it is started with a GPU (the NVIDIA Container Toolkit or a CDI device), so the
 image holds none; this package stands for them.
CONTROL
dpkg-deb --build /tmp/host-driver "$debs/dockyard-nvidia-driver-from-host.deb" >/dev/null
rm -rf /tmp/host-driver
SCRIPT
}

# shellcheck disable=SC2034 # read by seed_service_image through a nameref
CUDA_DEVEL_CHANGES=(
  'CMD ["bash"]'
  'ENV LANG=C.UTF-8'
  # Debian's nvcc runs the host compiler as plain `gcc`, which a host install gets from the gcc package (gcc-12, too
  # new for CUDA 11.8). The toolkit's own folder holds gcc and g++ wrappers that pick g++-11; nvidia/cuda's devel
  # images put their toolkit's bin folder on PATH the same way.
  "ENV PATH=/usr/lib/nvidia-cuda-toolkit/bin:$IMAGE_PATH"
  "${CUDA_CHANGES[@]}"
)
seed_cuda_devel_image() {
  RESOLVER_COMPONENTS="main non-free" SEED_IMAGE_LABEL="$BASE_LABEL" RESOLVER_STANDINS_EXTRA="${CUDA_DRIVER_STANDINS[*]}" \
    seed_service_image cudadevel "$CUDA_DEVEL_IMAGE" "$CUDA_DEVEL_CONTAINER" "$CUDA_DEVEL_VERSION" \
    CUDA_DEVEL_CHANGES "${CUDA_DEVEL_PACKAGES[@]}"
}
