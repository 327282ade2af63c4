import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("takes an empty variable as unset, so its default applies", () => {
    const env = parseEnv({ DATABASE_URL: "", DOCKER_HOST: "" });
    expect(env.DATABASE_URL).toBe("postgresql://dockyard:dockyard@127.0.0.1:54329/dockyard");
    expect(env.DOCKER_HOST).toBeUndefined();
  });

  it("accepts the NVIDIA toolkit or CDI device names for GPUs, and names what is wrong otherwise", () => {
    expect(parseEnv({}).RUNNER_GPU_DEVICES).toBe("nvidia");
    expect(parseEnv({ RUNNER_GPU_DEVICES: "nvidia.com/gpu=all,nvidia.com/gpu=0" }).RUNNER_GPU_DEVICES).toBe("nvidia.com/gpu=all,nvidia.com/gpu=0");
    expect(() => parseEnv({ RUNNER_GPU_DEVICES: "all" })).toThrow(/RUNNER_GPU_DEVICES: either "nvidia" or CDI device names/);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/Invalid environment: DATABASE_URL/);
  });
});
