import type Docker from "dockerode";
import { describe, expect, it, vi } from "vitest";
import { BuildNetworkFault } from "./docker/build-network";
import { throughPlatformRestarts } from "./engine-comes-back";

// The subject is the retry loop, not Docker: an engine that always answers its ping is enough.
const docker = { ping: async () => "OK" } as unknown as Docker;

function hooks(mirrorComesBack: boolean) {
  return {
    engineGone: vi.fn(),
    mirrorGone: vi.fn(),
    untilMirrorAnswers: vi.fn(async () => mirrorComesBack),
    startOver: vi.fn(async () => {}),
  };
}

describe("throughPlatformRestarts", () => {
  it("grades again once the mirror answers after a build step could not reach it", async () => {
    const h = hooks(true);
    let attempts = 0;
    const graded = await throughPlatformRestarts(
      docker,
      async () => {
        if (++attempts === 1) throw new BuildNetworkFault("Connection refused");
        return "passed";
      },
      h,
    );
    expect(graded).toBe("passed");
    expect(h.mirrorGone).toHaveBeenCalledTimes(1);
    expect(h.untilMirrorAnswers).toHaveBeenCalledTimes(1);
    expect(h.startOver).toHaveBeenCalledTimes(1);
    expect(h.engineGone).not.toHaveBeenCalled();
  });

  it("gives up with the fault when the mirror does not come back, or keeps going away", async () => {
    const away = hooks(false);
    await expect(
      throughPlatformRestarts(docker, async () => Promise.reject(new BuildNetworkFault("refused")), away),
    ).rejects.toBeInstanceOf(BuildNetworkFault);
    expect(away.startOver).not.toHaveBeenCalled();

    const flapping = hooks(true);
    await expect(
      throughPlatformRestarts(docker, async () => Promise.reject(new BuildNetworkFault("refused")), flapping),
    ).rejects.toBeInstanceOf(BuildNetworkFault);
    expect(flapping.startOver).toHaveBeenCalledTimes(3);
  });

  it("leaves any other error to the caller while the engine answers", async () => {
    const h = hooks(true);
    await expect(throughPlatformRestarts(docker, async () => Promise.reject(new Error("bug")), h)).rejects.toThrow(
      "bug",
    );
    expect(h.startOver).not.toHaveBeenCalled();
  });
});
