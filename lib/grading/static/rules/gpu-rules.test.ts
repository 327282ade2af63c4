import { describe, expect, it } from "vitest";
import { checkFixture } from "../check-fixture";

const gpu = { gpu: { maxCuda: "12.4" } };

describe("gpu.runtime-not-devel-base", () => {
  const id = "gpu.runtime-not-devel-base";

  it("fails a devel CUDA base for the final image and proposes the runtime tag", () => {
    const r = checkFixture(id, "FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04\n", { checks: gpu });
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:1");
    expect(r.fix).toBe("FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04");
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

  it("fails a CUDA version above gpu.maxCuda, explaining the driver requirement", () => {
    const r = checkFixture(id, "FROM nvidia/cuda:12.6.0-runtime-ubuntu22.04\n", { checks: gpu });
    expect(r.status).toBe("fail");
    expect(r.location).toBe("Dockerfile:1");
    expect(r.message).toContain("CUDA 12.6");
    expect(r.message).toContain("up to 12.4");
    expect(r.message).toContain("NVIDIA_REQUIRE_CUDA");
    expect(checkFixture(id, "FROM pytorch/pytorch:2.5.0-cuda13.0-cudnn9-runtime\n", { checks: gpu }).message).toContain(
      "newer major CUDA version",
    );
    // Only nvidia/cuda images are known to declare NVIDIA_REQUIRE_CUDA; others may limp on through minor-version
    // compatibility.
    const framework = checkFixture(id, "FROM pytorch/pytorch:2.6.0-cuda12.6-cudnn9-runtime\n", { checks: gpu }).message;
    expect(framework).toContain("minor-version compatibility");
    expect(framework).not.toContain("nvidia/cuda images declare");
  });

  it(
    "passes an equal or older version (minor compared numerically), reading " + "framework tags and ENV CUDA_VERSION",
    () => {
      expect(checkFixture(id, "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n", { checks: gpu }).status).toBe("pass");
      expect(checkFixture(id, "FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n", { checks: gpu }).status).toBe(
        "pass",
      );
      expect(
        checkFixture(id, "FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04\n", { checks: { gpu: { maxCuda: "12.10" } } })
          .status,
      ).toBe("pass");
      expect(checkFixture(id, "FROM ubuntu:22.04\nENV CUDA_VERSION=12.8.0\n", { checks: gpu }).status).toBe("fail");
    },
  );

  it("is skipped when no CUDA version is visible, or for CPU exercises", () => {
    expect(checkFixture(id, "FROM python:3.11-slim\n", { checks: gpu }).status).toBe("skipped");
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
    expect(r.message).toContain("hides every GPU");
    expect(r.message).toContain("drops compute");
    expect(r.message).toContain("Dockerfile:4: ENV LD_LIBRARY_PATH=/opt/lib replaces the path");
  });

  it("passes variables extended rather than replaced, and is skipped for CPU exercises", () => {
    const ok = `${base}ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility LD_LIBRARY_PATH=/opt/lib:\${LD_LIBRARY_PATH}\n`;
    expect(checkFixture(id, ok, { checks: gpu }).status).toBe("pass");
    expect(checkFixture(id, `${base}ENV NVIDIA_VISIBLE_DEVICES=void\n`).status).toBe("skipped");
  });
});
