import { describe, expect, it } from "vitest";
import { gpuDeviceRequest } from "./gpu-device-request";

describe("gpuDeviceRequest", () => {
  it("asks the NVIDIA toolkit for every GPU, as --gpus all does", () => {
    expect(gpuDeviceRequest("nvidia")).toEqual({ Driver: "nvidia", Count: -1, Capabilities: [["gpu"]] });
  });

  it("names CDI devices for the engine to resolve, as --device does", () => {
    expect(gpuDeviceRequest("nvidia.com/gpu=all")).toEqual({ Driver: "cdi", DeviceIDs: ["nvidia.com/gpu=all"] });
    expect(gpuDeviceRequest("nvidia.com/gpu=0,nvidia.com/gpu=1")).toEqual({
      Driver: "cdi",
      DeviceIDs: ["nvidia.com/gpu=0", "nvidia.com/gpu=1"],
    });
  });
});
