"""Asks the CUDA runtime in the image how many GPUs this container can see.

Exit 0 with at least one GPU, 1 otherwise. It loads libcudart, the CUDA
runtime the image ships; the driver it talks to is mounted from the host when
the container is given a GPU (docker run --gpus, a CDI device such as
nvidia.com/gpu=all, or a GPU reservation in Compose).
"""
import ctypes
import sys


def main() -> int:
    try:
        cudart = ctypes.CDLL("libcudart.so.11.0")
    except OSError as err:
        print(f"no CUDA runtime in this image: {err}", file=sys.stderr)
        return 1
    try:
        # The driver library is not in the image: what hands the GPU in mounts the host's.
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        print(
            "no NVIDIA driver in this container (libcuda.so.1 not found): "
            "give it a GPU (--gpus all, or a CDI device) on a host with the NVIDIA driver",
            file=sys.stderr,
        )
        return 1
    cudart.cudaGetErrorString.restype = ctypes.c_char_p
    count = ctypes.c_int(0)
    status = cudart.cudaGetDeviceCount(ctypes.byref(count))
    if status != 0:
        print(f"CUDA sees no GPU: {cudart.cudaGetErrorString(status).decode()}", file=sys.stderr)
        return 1
    print(f"CUDA runtime sees {count.value} GPU(s)")
    return 0 if count.value > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
