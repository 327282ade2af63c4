import { describe, expect, it } from "vitest";
import { checkFixture } from "../testing/check-fixture";

const gpu = { gpu: { maxCuda: "12.4" } };

describe("gpu.runtime-not-devel-base", () => {
  const id = "gpu.runtime-not-devel-base";

  it("fails a devel CUDA base for the final image and proposes the runtime tag", () => {
    const r = checkFixture(id, "FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\n", { checks: gpu });
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:1");
    expect(r.fix).toBe("FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04");
  });

  it("proposes the platform's own CUDA runtime image for its devel image, which has no runtime twin by name", () => {
    const r = checkFixture(id, "FROM dockyard/cuda:11.8-devel-bookworm\n", { checks: gpu });
    expect(r.fix).toBe("FROM dockyard/cuda:11.8-runtime-python3.11-bookworm");
  });

  it("passes devel only in a builder stage, and is skipped for CPU exercises", () => {
    const dockerfile =
      "FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS build\nFROM " +
      "nvidia/cuda:12.4.1-runtime-ubuntu22.04\nCOPY --from=build /x /x\n";
    expect(checkFixture(id, dockerfile, { checks: gpu }).status).toBe("pass");
    expect(checkFixture(id, "FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\n").status).toBe("skipped");
  });
});

describe("gpu.cuda-driver-compatible", () => {
  const id = "gpu.cuda-driver-compatible";
  const run = (dockerfile: string, maxCuda = "12.4") => checkFixture(id, dockerfile, { checks: { gpu: { maxCuda } } });

  it("fails an nvidia/cuda image of a newer minor: the toolkit refuses it over its NVIDIA_REQUIRE_CUDA", () => {
    const r = run("FROM nvidia/cuda:12.6.0-runtime-ubuntu22.04\n");
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:1");
    expect(r.message).toContain("declares NVIDIA_REQUIRE_CUDA=cuda>=12.6");
    expect(r.message).toContain("above the CUDA 12.4 the GPU nodes' driver reports");
    // Only the toolkit's hook reads the variable: under CDI the same image starts and runs.
    expect(r.message).toContain("wherever the NVIDIA Container Toolkit's hook starts GPU containers");
    expect(r.message).toContain("it refuses to start this one");
    expect(r.message).toContain("data-centre");
    expect(r.message).toContain("Under CDI, which does not read the variable, its CUDA 12.6 runtime starts and runs");
  });

  it("fails an NVIDIA_REQUIRE_CUDA set above the driver, at its ENV line, unless NVIDIA_DISABLE_REQUIRE is set", () => {
    const base = "FROM dockyard/cuda:11.8-runtime-python3.11-bookworm\n";
    const r = run(`${base}ENV NVIDIA_REQUIRE_CUDA="cuda>=12.6 brand=tesla,driver>=550,driver<551"\n`);
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    expect(r.message).toContain(
      "The image requires cuda>=12.6: ENV NVIDIA_REQUIRE_CUDA at Dockerfile:2 sets that bound",
    );
    expect(r.message).toContain("Its other alternatives admit listed driver branches");
    expect(run(`${base}ENV NVIDIA_REQUIRE_CUDA=cuda>=12.6\n`).message).not.toContain("other alternatives");
    const disabled = run(`${base}ENV NVIDIA_REQUIRE_CUDA=cuda>=12.6 NVIDIA_DISABLE_REQUIRE=1\n`);
    expect(disabled.status).toBe("pass");
    const disabledNewer = run("FROM pytorch/pytorch:2.6.0-cuda12.6-cudnn9-runtime\nENV NVIDIA_DISABLE_REQUIRE=true\n");
    expect(disabledNewer.message).toContain("NVIDIA_DISABLE_REQUIRE switches off");
    // With the variable unset, the toolkit requires the image's CUDA_VERSION.
    const legacy = run("FROM ubuntu:22.04\nENV CUDA_VERSION=12.8.0\n");
    expect(legacy.status).toBe("fail");
    expect(legacy.message).toContain("ENV CUDA_VERSION at Dockerfile:2 with no NVIDIA_REQUIRE_CUDA");
    const emptied = run('FROM nvidia/cuda:12.6.3-runtime-ubuntu22.04\nENV NVIDIA_REQUIRE_CUDA=""\n');
    expect(emptied.message).toContain("requires cuda>=12.6: NVIDIA_REQUIRE_CUDA is set empty");
    // An nvidia/cuda tag without a version: its requirement is unknown here, so ENV CUDA_VERSION is not taken for it.
    expect(run("FROM nvidia/cuda:latest\nENV CUDA_VERSION=12.6.0\n").status).toBe("pass");
  });

  it("fails a newer major version, naming forward compatibility as the only bridge", () => {
    const r = run("FROM pytorch/pytorch:2.9.0-cuda13.0-cudnn9-runtime\n");
    expect(r.status).toBe("fail");
    expect(r.message).toContain("CUDA 13.0 (from the base image tag pytorch/pytorch:2.9.0-cuda13.0-cudnn9-runtime)");
    expect(r.message).toContain("a newer major version");
    expect(r.message).toContain("cuda-compat");
    expect(r.message).not.toContain("does not even start");
    // An nvidia/cuda image of a newer major also declares its requirement: both reasons are given, and what CDI
    // (which reads no NVIDIA_REQUIRE_CUDA) makes of it.
    const cuda13 = run("FROM nvidia/cuda:13.0.1-runtime-ubuntu24.04\n").message;
    expect(cuda13).toMatch(/newer major.*hook starts GPU containers, it does not even start: .* cuda>=13\.0/s);
    expect(cuda13).toContain("Under CDI it starts, and its first CUDA call fails.");
  });

  it("passes a newer minor of the driver's major without a requirement above it, noting the limits", () => {
    const r = run("FROM pytorch/pytorch:2.6.0-cuda12.6-cudnn9-runtime\n");
    expect(r.status).toBe("pass");
    expect(r.message).toContain("minor-version compatibility");
    expect(r.message).toContain("cannot JIT-compile PTX");
    expect(r.message).toContain("If the base image declares NVIDIA_REQUIRE_CUDA above 12.4");
    const met = run("FROM pytorch/pytorch:2.6.0-cuda12.6-cudnn9-runtime\nENV NVIDIA_REQUIRE_CUDA=cuda>=12.4\n");
    expect(met.status).toBe("pass");
    expect(met.message).toContain("bound (cuda>=12.4) is met");
    // Minor-version compatibility began with CUDA 11.
    const old = run("FROM pytorch/pytorch:1.5-cuda10.2-cudnn7-runtime\n", "10.1");
    expect(old.status).toBe("fail");
    expect(old.message).toContain("began with CUDA 11");
  });

  it("passes an equal or older version (minor compared numerically), reading framework tags", () => {
    expect(run("FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n").status).toBe("pass");
    expect(run("FROM dockyard/cuda:11.8-runtime-python3.11-bookworm\n").status).toBe("pass");
    expect(run("FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n").status).toBe("pass");
    expect(run("FROM nvidia/cuda:12.9.0-runtime-ubuntu22.04\n", "12.10").status).toBe("pass");
    expect(run("FROM nvidia/cuda:12.10.0-runtime-ubuntu22.04\n", "12.9").status).toBe("fail");
  });

  it("is skipped when no CUDA version is visible, or for CPU exercises", () => {
    expect(run("FROM python:3.11-slim\n").status).toBe("skipped");
    expect(checkFixture(id, "FROM nvidia/cuda:12.6.0-runtime-ubuntu22.04\n").status).toBe("skipped");
  });
});

describe("gpu.nvidia-env-intact", () => {
  const id = "gpu.nvidia-env-intact";
  const base = "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n";

  it("fails hidden GPUs, dropped capabilities and an overwritten LD_LIBRARY_PATH", () => {
    const r = checkFixture(
      id,
      `${base}ENV NVIDIA_VISIBLE_DEVICES=void\nENV NVIDIA_DRIVER_CAPABILITIES=utility\nENV LD_LIBRARY_PATH=/opt/lib\n`,
      { checks: gpu },
    );
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:2");
    // Said as where it holds: the image's value decides under the NVIDIA runtime without --gpus, not under --gpus.
    expect(r.message).toContain("hides every GPU wherever the image's value decides");
    expect(r.message).toContain("under the NVIDIA runtime with no --gpus");
    expect(r.message).toContain("--gpus and device reservations override it and CDI ignores it");
    expect(r.message).toContain("wherever the toolkit's hook hands the GPU in");
    expect(r.message).toContain("drops compute");
    expect(r.message).toContain("Dockerfile:4: ENV LD_LIBRARY_PATH=/opt/lib replaces the path");
  });

  it("passes variables extended rather than replaced, and is skipped for CPU exercises", () => {
    const ok = `${base}ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility LD_LIBRARY_PATH=/opt/lib:\${LD_LIBRARY_PATH}\n`;
    expect(checkFixture(id, ok, { checks: gpu }).status).toBe("pass");
    expect(checkFixture(id, `${base}ENV NVIDIA_VISIBLE_DEVICES=void\n`).status).toBe("skipped");
  });
});
