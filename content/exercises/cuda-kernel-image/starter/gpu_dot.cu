// gpu-dot: the dot product of two integer vectors that a seed defines, computed on the GPU.
//
//   gpu-dot --seed 12345   ->   dot=<sum> seed=12345 gpu=<the device's name>
//
// Integer arithmetic keeps the answer exact, so anyone can check it on a CPU. Without a usable GPU it says why and
// exits 3. The CUDA runtime is linked into the program (nvcc's default, --cudart static); at run time it needs only
// the driver's libcuda.so.1, which the host hands in with the GPU.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>

constexpr unsigned long long kLength = 1ull << 20;

__global__ void dot(unsigned long long seed, unsigned long long *sum) {
  unsigned long long partial = 0;
  const unsigned long long stride = static_cast<unsigned long long>(gridDim.x) * blockDim.x;
  for (unsigned long long i = blockIdx.x * blockDim.x + threadIdx.x; i < kLength; i += stride) {
    const unsigned long long x = (seed + i * 7919ull) % 1009ull;
    const unsigned long long y = (seed * 31ull + i * 104729ull) % 1013ull;
    partial += x * y;
  }
  atomicAdd(sum, partial);
}

static int fail(const char *what, cudaError_t err) {
  std::fprintf(stderr, "gpu-dot: %s: %s (%s)\n", what, cudaGetErrorString(err), cudaGetErrorName(err));
  return 3;
}

int main(int argc, char **argv) {
  unsigned long long seed = 1;
  for (int i = 1; i + 1 < argc; i++)
    if (std::strcmp(argv[i], "--seed") == 0) seed = std::strtoull(argv[i + 1], nullptr, 10);

  int devices = 0;
  cudaError_t err = cudaGetDeviceCount(&devices);
  if (err != cudaSuccess) return fail("no usable GPU", err);
  cudaDeviceProp device;
  if ((err = cudaGetDeviceProperties(&device, 0)) != cudaSuccess) return fail("reading the GPU's properties", err);

  unsigned long long *sum = nullptr;
  if ((err = cudaMalloc(&sum, sizeof *sum)) != cudaSuccess) return fail("allocating GPU memory", err);
  if ((err = cudaMemset(sum, 0, sizeof *sum)) != cudaSuccess) return fail("clearing GPU memory", err);
  dot<<<256, 256>>>(seed, sum);
  if ((err = cudaGetLastError()) != cudaSuccess) return fail("launching the kernel", err);
  unsigned long long result = 0;
  if ((err = cudaMemcpy(&result, sum, sizeof result, cudaMemcpyDeviceToHost)) != cudaSuccess)
    return fail("reading the result", err);
  cudaFree(sum);

  std::printf("dot=%llu seed=%llu gpu=%s\n", result, seed, device.name);
  return 0;
}
