import type Docker from "dockerode";

type DeviceRequest = NonNullable<Docker.HostConfig["DeviceRequests"]>[number];

/**
 * The engine's device request for a runner's GPU setting: "nvidia" asks the
 * NVIDIA container toolkit for every GPU (what `--gpus all` sends); anything
 * else is a list of CDI device names, which engines >= 25 resolve from the
 * CDI specs on the GPU node (what `--device nvidia.com/gpu=all` sends).
 */
export function gpuDeviceRequest(setting: string): DeviceRequest {
  if (setting === "nvidia") return { Driver: "nvidia", Count: -1, Capabilities: [["gpu"]] };
  return {
    Driver: "cdi",
    DeviceIDs: setting
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean),
  };
}
