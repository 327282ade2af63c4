import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { GPU_ANSWERS } from "./gpu-answers";
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

describe("a GPU probe that must compute an answer", () => {
  /** An engine whose probe prints what `print` makes of the command it was given, and exits 0. */
  function answeringEngine(print: (command: string[]) => string) {
    const commands: string[][] = [];
    const docker = {
      createContainer: async (options: Docker.ContainerCreateOptions) => {
        const command = options.Entrypoint as string[];
        commands.push(command);
        const text = `${print(command)}\n`;
        // The engine's multiplexed log stream: one stdout frame.
        const frame = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
        return {
          start: async () => undefined,
          wait: async () => ({ StatusCode: 0 }),
          logs: async () => frame,
          remove: async () => undefined,
        };
      },
    } as unknown as Docker;
    return { docker, commands };
  }
  const dotProbe = (docker: Docker, gpus = 1) =>
    runGpuProbe({
      docker,
      image: "learner-image",
      submissionId: "s1",
      params: { probe: ["/usr/local/bin/gpu-dot", "--seed", "{seed}"], answer: "seeded-dot-product", maxCuda: "12.4" },
      gpus,
      log: () => undefined,
    });
  const seedOf = (command: string[]) => Number(command[2]);

  it("passes a program that prints the answer for the seed it was handed, and draws a new seed each time", async () => {
    const { docker, commands } = answeringEngine(
      (c) => `${GPU_ANSWERS["seeded-dot-product"].expected(seedOf(c))}gpu=H200`,
    );
    const first = await dotProbe(docker);
    const second = await dotProbe(docker);
    expect(first.status, first.message).toBe("pass");
    expect(second.status).toBe("pass");
    expect(commands[0]![2]).toMatch(/^\d+$/);
    expect(commands[0]![2]).not.toBe(commands[1]![2]);
    expect(first.message).toContain("computed the dot product");
  });

  it("fails an image that prints a remembered line: the answer for another seed", async () => {
    const { docker, commands } = answeringEngine(() => "dot=267416053339 seed=1 gpu=H200");
    const r = await dotProbe(docker);
    expect(r.status).toBe("fail");
    expect(r.message).toContain("printed dot=267416053339 where");
    expect(r.message).toContain(
      `for seed ${seedOf(commands[0]!)} is ${GPU_ANSWERS["seeded-dot-product"].expected(seedOf(commands[0]!)).trim()}`,
    );
  });

  it("fails one that prints no answer at all, and on a CPU grader says which command it would have run", async () => {
    const { docker } = answeringEngine(() => "hello");
    expect((await dotProbe(docker)).message).toContain("printed no answer");
    const skipped = await dotProbe(answeringEngine(() => "").docker, 0);
    expect(skipped.status).toBe("skipped");
    expect(skipped.message).toContain("/usr/local/bin/gpu-dot --seed <a seed drawn for the grading>");
  });
});

describe("the seeded dot product", () => {
  it("is the sum the CUDA program computes, checked against a C++ build of the same loop on a CPU", () => {
    // g++ -O2 of gpu_dot.cu's loop without the GPU (unsigned 64-bit arithmetic), for these seeds.
    expect(GPU_ANSWERS["seeded-dot-product"].expected(1)).toBe("dot=267416053339 ");
    expect(GPU_ANSWERS["seeded-dot-product"].expected(5)).toBe("dot=267409606979 ");
    expect(GPU_ANSWERS["seeded-dot-product"].expected(2_147_483_646)).toBe("dot=267411241321 ");
  });
});
