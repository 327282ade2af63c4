"""Asks the CUDA runtime in the image how many GPUs this container can see.

Exit 0 with at least one GPU, 1 otherwise. It loads libcudart, the CUDA
runtime the image ships; the driver it talks to is mounted from the host by
the NVIDIA container toolkit when the container is started with --gpus.
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
        # The driver library is not in the image: the container toolkit mounts the host's.
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        print(
            "no NVIDIA driver in this container (libcuda.so.1 not found): "
            "start it with --gpus all on a host with the NVIDIA driver and container toolkit",
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
