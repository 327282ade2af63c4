import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { runGpuProbe } from "./gpu-phase";

/** An engine whose probe container fails to start with `startError`; the subject is how the phase reads it. */
function refusingEngine(startError: Error) {
  const removed: string[] = [];
  const docker = {
    createContainer: async () => ({
      start: async () => {
        throw startError;
      },
      remove: async () => removed.push("probe"),
    }),
  } as unknown as Docker;
  return { docker, removed };
}

const probe = (docker: Docker) =>
  runGpuProbe({
    docker,
    image: "learner-image",
    submissionId: "s1",
    params: { probe: ["python", "-m", "train.gpu_check"], maxCuda: "12.4" },
    gpus: 1,
    log: () => undefined,
  });

describe("the GPU probe on a node whose toolkit hook checks NVIDIA_REQUIRE_CUDA", () => {
  it("fails the learner's image when the toolkit refuses it for a CUDA newer than the driver", async () => {
    const { docker, removed } = refusingEngine(
      new Error(
        "(HTTP code 500) server error - failed to create task for container: OCI runtime create failed: " +
          "nvidia-container-cli: requirement error: unsatisfied condition: cuda>=13.9, please update your driver",
      ),
    );
    const result = await probe(docker);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("refused to start the image on this GPU node");
    expect(JSON.stringify(result)).toContain("unsatisfied condition: cuda>=13.9");
    expect(removed).toEqual(["probe"]);
  });

  it("lets any other start failure through as the host's, never the learner's", async () => {
    const { docker, removed } = refusingEngine(new Error('could not select device driver "nvidia"'));
    await expect(probe(docker)).rejects.toThrow("could not select device driver");
    expect(removed).toEqual(["probe"]);
  });
});

describe("the GPU probe's command", () => {
  it("replaces the image's ENTRYPOINT and CMD, so the learner's entrypoint neither swallows nor fails it", async () => {
    const created: Docker.ContainerCreateOptions[] = [];
    const docker = {
      createContainer: async (options: Docker.ContainerCreateOptions) => {
        created.push(options);
        return {
          start: async () => undefined,
          wait: async () => ({ StatusCode: 0 }),
          logs: async () => Buffer.from(""),
          remove: async () => undefined,
        };
      },
    } as unknown as Docker;
    await probe(docker).catch(() => undefined);
    expect(created[0]).toMatchObject({ Entrypoint: ["python", "-m", "train.gpu_check"], Cmd: [] });
  });
});
