import type Docker from "dockerode";
import { runCacheChecks } from "../cache/run-cache-checks";
import type { BuildOutcome } from "../docker/build-image";
import type { GradingSink } from "../grading-sink";
import { readImage } from "../inspect/read-image";
import { runImageChecks } from "../inspect/run-image-checks";
import { summariseImage } from "../inspect/summarise-image";
import { RUN_LIMITS_DEFAULT } from "../limits";
import { runContainerChecks } from "../run/run-container-checks";
import type {
  CheckResult,
  DockerfileModel,
  Exercise,
  PhaseName,
  PhaseResult,
  ResultDocument,
  SubmittedFile,
} from "../shared";
import { finalStageBase } from "./final-stage-base";
import { runGpuProbe } from "./gpu-phase";
import { runPhase } from "./phase-timer";

export interface ImagePhasesInput {
  docker: Docker;
  sink: GradingSink;
  phases: PhaseResult[];
  exercise: Exercise;
  submissionId: string;
  imageId: string;
  dockerfile: DockerfileModel;
  files: SubmittedFile[];
  rebuild: (files: SubmittedFile[], tag: string) => Promise<BuildOutcome>;
  gpus: number;
}

/**
 * inspect, cache, run and gpu all read the one built image and change nothing
 * in it, so they run at the same time: on a 2-core runner grading takes
 * about as long as its longest phase (the cache phase's rebuilds) instead of
 * the sum. The cache phase's rebuild output streams live; the other phases'
 * output is kept and added to the log as one block each when they finish, so
 * the log never interleaves two phases. Checks are reported in phase order.
 */
export async function runImagePhases(
  input: ImagePhasesInput,
): Promise<{ checks: CheckResult[]; image: ResultDocument["image"] }> {
  const { docker, sink, phases, exercise, imageId, dockerfile } = input;
  const params = exercise.spec.checks;
  let image: ResultDocument["image"];

  const phase = (name: PhaseName, live: boolean, body: (log: (text: string) => void) => Promise<CheckResult[]>) => {
    let kept = "";
    const log = live
      ? (text: string) => sink.log(text)
      : (text: string) => {
          kept += text;
        };
    return runPhase(sink, phases, name, async () => {
      try {
        const found = await body(log);
        return {
          status: found.some((c) => c.status === "fail")
            ? "failed"
            : found.every((c) => c.status === "skipped")
              ? "skipped"
              : "passed",
          value: found,
        };
      } finally {
        if (kept) sink.log(`\n---- ${name} phase output ----\n${kept}${kept.endsWith("\n") ? "" : "\n"}`);
      }
    });
  };

  const work: Promise<CheckResult[]>[] = [
    phase("inspect", false, async () => {
      const facts = await readImage(docker, imageId, { baseImageRef: finalStageBase(dockerfile) });
      image = summariseImage(facts);
      return runImageChecks({ facts, checks: params, dockerfile });
    }),
  ];
  if (params.cache) {
    const cache = params.cache;
    work.push(
      phase("cache", true, (log) =>
        runCacheChecks({
          docker,
          dockerfile,
          files: input.files,
          params: cache,
          target: exercise.spec.build.target,
          firstImageId: imageId,
          rebuild: input.rebuild,
          log,
        }),
      ),
    );
  }
  if (params.run) {
    const run = params.run;
    const limits = {
      ...RUN_LIMITS_DEFAULT,
      wallSeconds: Math.min(RUN_LIMITS_DEFAULT.wallSeconds, exercise.spec.limits.runSeconds),
      memoryBytes: Math.min(RUN_LIMITS_DEFAULT.memoryBytes, exercise.spec.limits.runMemoryMB * 1024 * 1024),
    };
    work.push(
      phase("run", false, (log) =>
        runContainerChecks({ docker, image: imageId, submissionId: input.submissionId, params: run, limits, log }),
      ),
    );
  }
  if (params.gpu) {
    const gpu = params.gpu;
    work.push(
      phase("gpu", false, async (log) => [
        await runGpuProbe({
          docker,
          image: imageId,
          submissionId: input.submissionId,
          params: gpu,
          gpus: input.gpus,
          log,
        }),
      ]),
    );
  }

  // allSettled: cleanup must not start while a sibling phase is still using the engine.
  const settled = await Promise.allSettled(work);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  return { checks: settled.flatMap((s) => (s as PromiseFulfilledResult<CheckResult[]>).value), image };
}
