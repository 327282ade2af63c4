import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cdiSpec, findGpuHost } from "./cdi-spec";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A host laid out as a GPU cloud's: the driver's libraries under /usr/local/nvidia, nvidia-smi in its bin. */
function gpuHost(files: Record<string, string>, links: Record<string, string> = {}) {
  root = mkdtempSync(path.join(os.tmpdir(), "cdi-host-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  for (const [link, target] of Object.entries(links)) symlinkSync(target, path.join(root, link));
  return root;
}

describe("a CDI spec written from a host without nvidia-ctk", () => {
  it("names each GPU and all, hands in the control nodes, mounts the driver's libraries by their load names", () => {
    const host = gpuHost(
      {
        "dev/nvidia0": "",
        "dev/nvidia10": "",
        "dev/nvidia1": "",
        "dev/nvidiactl": "",
        "dev/nvidia-uvm": "",
        "usr/local/nvidia/lib64/libcuda.so.580.159.04": "elf",
        "usr/local/nvidia/lib64/libnvidia-ml.so.580.159.04": "elf",
        "usr/local/nvidia/lib64/libnvidia-gpucomp.so.580.159.04": "elf",
        "usr/local/nvidia/lib64/libGLX_nvidia.so.0": "graphics: not for CUDA",
        "usr/lib/x86_64-linux-gnu/libcuda.so.1": "an older copy the loader would not reach first",
        "usr/local/nvidia/bin/nvidia-smi": "elf",
      },
      {
        "usr/local/nvidia/lib64/libcuda.so.1": "libcuda.so.580.159.04",
        "usr/local/nvidia/lib64/libnvidia-ml.so.1": "libnvidia-ml.so.580.159.04",
        "usr/local/nvidia/lib64/libcuda.so.dangling": "gone",
      },
    );
    const spec = cdiSpec(findGpuHost(host), host);
    expect(spec.kind).toBe("nvidia.com/gpu");
    expect(spec.devices.map((d) => [d.name, d.containerEdits.deviceNodes.map((n) => n.path)])).toEqual([
      ["0", ["/dev/nvidia0"]],
      ["1", ["/dev/nvidia1"]],
      ["2", ["/dev/nvidia10"]],
      ["all", ["/dev/nvidia0", "/dev/nvidia1", "/dev/nvidia10"]],
    ]);
    expect(spec.containerEdits.deviceNodes).toEqual([{ path: "/dev/nvidiactl" }, { path: "/dev/nvidia-uvm" }]);
    const mounts = Object.fromEntries(spec.containerEdits.mounts.map((m) => [m.containerPath, m.hostPath]));
    // libcuda.so.1 is the real file behind the link in the first folder, never the stale copy further down.
    expect(mounts["/usr/lib/libcuda.so.1"]).toBe("/usr/local/nvidia/lib64/libcuda.so.580.159.04");
    expect(mounts["/usr/lib/libnvidia-ml.so.1"]).toBe("/usr/local/nvidia/lib64/libnvidia-ml.so.580.159.04");
    expect(mounts["/usr/lib/libnvidia-gpucomp.so.580.159.04"]).toBeDefined();
    expect(mounts["/usr/bin/nvidia-smi"]).toBe("/usr/local/nvidia/bin/nvidia-smi");
    expect(Object.keys(mounts).some((m) => m.includes("GLX") || m.includes("dangling"))).toBe(false);
    expect(spec.containerEdits.mounts.every((m) => m.options.includes("ro"))).toBe(true);
  });

  it("finds no GPU on a host without NVIDIA device nodes", () => {
    const host = gpuHost({ "dev/null": "" });
    expect(findGpuHost(host).gpus).toEqual([]);
  });
});
