import { readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/**
 * A CDI specification for a host's NVIDIA GPUs, written from what the host has when NVIDIA's `nvidia-ctk cdi
 * generate` is not installed: the device nodes, and the driver's user-space libraries (and nvidia-smi) mounted
 * read-only into the container. It hands in what a CUDA program needs (libcuda and its JIT compilers) and what
 * nvidia-smi needs (NVML); nothing graphical. The engine applies it as it is: no hook runs, and no NVIDIA_* variable
 * of the image is read (the lessons teach this).
 */

/** The kind this spec declares: devices are named nvidia.com/gpu=0, nvidia.com/gpu=1, …, nvidia.com/gpu=all. */
export const CDI_KIND = "nvidia.com/gpu";

/** Driver libraries a CUDA program or nvidia-smi loads: each file whose name starts with one of these, then ".so". */
const DRIVER_LIBRARIES = [
  "libcuda",
  "libcudadebugger",
  "libnvidia-ml",
  "libnvidia-ptxjitcompiler",
  "libnvidia-gpucomp",
  "libnvidia-nvvm",
  "libnvidia-cfg",
  "libnvidia-opencl",
];

/** Where drivers put them: Debian's multiarch folder, other distributions', and GPU clouds' /usr/local/nvidia. */
export const LIBRARY_DIRS = [
  "/usr/local/nvidia/lib64",
  "/usr/lib/x86_64-linux-gnu",
  "/usr/lib/aarch64-linux-gnu",
  "/usr/lib64",
  "/usr/lib",
];

export const BINARY_DIRS = ["/usr/local/nvidia/bin", "/usr/bin", "/usr/local/bin"];

/** Device nodes every GPU container needs besides its GPUs' own. */
const CONTROL_NODES = ["nvidiactl", "nvidia-uvm", "nvidia-uvm-tools"];

export interface GpuHost {
  /** /dev/nvidia0, /dev/nvidia1, … in index order. */
  gpus: string[];
  control: string[];
  /** Each library as the host has it (the real file) and the name a program looks it up by. */
  libraries: { hostPath: string; name: string }[];
  nvidiaSmi?: string;
}

export interface CdiSpec {
  cdiVersion: string;
  kind: string;
  devices: { name: string; containerEdits: { deviceNodes: { path: string }[] } }[];
  containerEdits: {
    deviceNodes: { path: string }[];
    mounts: { hostPath: string; containerPath: string; options: string[] }[];
  };
}

function names(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** What this host has to hand in; `root` is "/" except in tests. */
export function findGpuHost(root = "/"): GpuHost {
  const dev = path.join(root, "dev");
  const gpus = names(dev)
    .filter((n) => /^nvidia\d+$/.test(n))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((n) => `/dev/${n}`);
  const control = CONTROL_NODES.filter((n) => names(dev).includes(n)).map((n) => `/dev/${n}`);
  const libraries: GpuHost["libraries"] = [];
  const taken = new Set<string>();
  for (const dir of LIBRARY_DIRS) {
    const hostDir = path.join(root, dir);
    for (const name of names(hostDir).sort()) {
      const wanted = DRIVER_LIBRARIES.some((lib) => name.startsWith(`${lib}.so`));
      // The first folder that has a name wins, as the dynamic loader's search order would have it.
      if (!wanted || taken.has(name) || !isFile(path.join(hostDir, name))) continue;
      taken.add(name);
      libraries.push({ hostPath: realpathSync(path.join(hostDir, name)), name });
    }
  }
  const smi = BINARY_DIRS.map((d) => path.join(root, d, "nvidia-smi")).find(isFile);
  return { gpus, control, libraries, nvidiaSmi: smi && realpathSync(smi) };
}

/**
 * The spec for `host`, with paths as the engine's host sees them (`root` stripped again in tests). Libraries are
 * mounted under /usr/lib, which the dynamic loader always searches, by the names programs load them by
 * (libcuda.so.1 and the versioned files it names), whatever folder the host keeps them in.
 */
export function cdiSpec(host: GpuHost, root = "/"): CdiSpec {
  const onHost = (p: string) => (root === "/" ? p : `/${path.relative(root, p)}`);
  const node = (p: string) => ({ path: p });
  const readOnly = ["ro", "nosuid", "nodev", "bind"];
  return {
    cdiVersion: "0.6.0",
    kind: CDI_KIND,
    devices: [
      ...host.gpus.map((gpu, index) => ({ name: String(index), containerEdits: { deviceNodes: [node(gpu)] } })),
      { name: "all", containerEdits: { deviceNodes: host.gpus.map(node) } },
    ],
    containerEdits: {
      deviceNodes: host.control.map(node),
      mounts: [
        ...host.libraries.map((lib) => ({
          hostPath: onHost(lib.hostPath),
          containerPath: `/usr/lib/${lib.name}`,
          options: readOnly,
        })),
        ...(host.nvidiaSmi
          ? [{ hostPath: onHost(host.nvidiaSmi), containerPath: "/usr/bin/nvidia-smi", options: readOnly }]
          : []),
      ],
    },
  };
}
