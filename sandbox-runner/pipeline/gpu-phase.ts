import type Docker from "dockerode";
import { containerLogText } from "../docker/container-logs";
import { warnUnlessStatus } from "../docker/docker-error";
import type { CheckResult, ExerciseChecks } from "../grading/lib";
import { fail, GPU_SEED_ARGUMENT, gradingSettings, pass, skipped, toCheckResult } from "../grading/lib";
import { RUN_LIMITS } from "../limits";
import { ownerLabels } from "../owner-labels";
import { gpuDeviceRequest } from "../run/gpu-device-request";
import { GPU_PROBE } from "./core-checks";
import { drawGpuSeed, GPU_ANSWERS } from "./gpu-answers";

export const NO_GPU_NODE = "not run: no GPU node";

/** How libnvidia-container words a driver too old for the image's NVIDIA_REQUIRE_CUDA. */
const REQUIREMENT_REFUSED = /requirement error: unsatisfied condition: cuda/i;

/**
 * On a GPU runner: start the image with its GPUs attached (the NVIDIA toolkit
 * or CDI devices, as RUNNER_GPU_DEVICES says) and run the exercise's probe.
 * Anywhere else the check is "not run", never "passed".
 */
export async function runGpuProbe(input: {
  docker: Docker;
  image: string;
  submissionId: string;
  params: NonNullable<ExerciseChecks["gpu"]>;
  gpus: number;
  log: (text: string) => void;
}): Promise<CheckResult> {
  const answer = input.params.answer ? GPU_ANSWERS[input.params.answer] : undefined;
  const withSeed = (seed: string) => input.params.probe.map((arg) => (arg === GPU_SEED_ARGUMENT ? seed : arg));
  if (input.gpus <= 0)
    return toCheckResult(
      GPU_PROBE,
      skipped(
        `${NO_GPU_NODE}: this grader has no GPU, so the GPU probe ` +
          `(${withSeed("<a seed drawn for the grading>").join(" ")}) ` +
          "was not run. Everything else was graded. An attempt submitted while no GPU grader was online is graded " +
          "again on one as soon as one is online; that grading then stands for the attempt (the exercise's history " +
          "lists it).",
      ),
    );
  // Drawn here, for this grading only: the image was built before the number existed.
  const seed = answer ? drawGpuSeed() : undefined;
  const command = withSeed(String(seed));
  const probe = command.join(" ");
  const container = await input.docker.createContainer({
    Image: input.image,
    // The probe replaces the image's ENTRYPOINT, never follows it: as Cmd it would be handed to the learner's
    // entrypoint as arguments (an exec-form `python -m train.train` then fails on the unknown arguments, a shell-form
    // one ignores them and passes by running the job instead). An empty Cmd keeps the image's CMD off it too.
    Entrypoint: command,
    Cmd: [],
    Labels: ownerLabels(input.submissionId),
    HostConfig: {
      NetworkMode: "none",
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Memory: RUN_LIMITS.memoryBytes,
      MemorySwap: RUN_LIMITS.memoryBytes,
      PidsLimit: RUN_LIMITS.pids,
      DeviceRequests: [gpuDeviceRequest(gradingSettings().RUNNER_GPU_DEVICES)],
    },
  });
  try {
    const refused = await container.start().then(
      () => undefined,
      (err: unknown) => {
        // The toolkit's hook (RUNNER_GPU_DEVICES=nvidia) checks the image's NVIDIA_REQUIRE_CUDA before the container
        // starts; a refusal is the image's, as it would be on any host with that driver. Anything else is the host's.
        const message = err instanceof Error ? err.message : String(err);
        if (REQUIREMENT_REFUSED.test(message)) return message;
        throw err;
      },
    );
    if (refused)
      return toCheckResult(
        GPU_PROBE,
        fail({
          message:
            "The NVIDIA Container Toolkit refused to start the image on this GPU node: its NVIDIA_REQUIRE_CUDA " +
            "asks for a newer CUDA than the node's driver supports, so the job never ran.",
          evidence: refused.slice(-1000),
          fix: "Build on a CUDA runtime no newer than the driver's, and leave NVIDIA_REQUIRE_CUDA to the base image.",
        }),
      );
    const kill = () => void container.kill().catch(warnUnlessStatus("killing the GPU probe past its time limit", 409));
    const timer = setTimeout(kill, RUN_LIMITS.wallSeconds * 1000);
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    clearTimeout(timer);
    const output = await containerLogText(container, 40);
    input.log(output);
    if (StatusCode !== 0)
      return toCheckResult(
        GPU_PROBE,
        fail({
          message: `${probe} exited with code ${StatusCode} with a GPU attached.`,
          evidence: output.slice(-1000),
        }),
      );
    if (!answer || seed === undefined)
      return toCheckResult(GPU_PROBE, pass(`${probe} exited 0 with the GPU attached.`, output.slice(-500)));
    const expected = answer.expected(seed);
    if (output.includes(expected))
      return toCheckResult(
        GPU_PROBE,
        pass(
          `${probe} computed ${answer.describe} on the GPU, for a seed drawn for this grading: ${expected.trim()}.`,
          output.slice(-500),
        ),
      );
    const printed = answer.printed(output);
    return toCheckResult(
      GPU_PROBE,
      fail({
        message:
          `${probe} exited 0 with the GPU attached, but ` +
          `${printed ? `printed ${printed.trim()}` : "printed no answer"}` +
          ` where ${answer.describe} for seed ${seed} is ${expected.trim()}: the program in the image did not ` +
          "compute it.",
        evidence: output.slice(-1000),
        fix:
          "Ship the program the builder stage compiled from the exercise's source, unchanged, as the image's " +
          "command; the answer depends on a seed the grader draws each time, so no fixed output can match it.",
      }),
    );
  } finally {
    // The check's result stands either way: the submission's cleanup removes a probe container left behind.
    await container.remove({ force: true }).catch(warnUnlessStatus("removing the GPU probe", 404));
  }
}
