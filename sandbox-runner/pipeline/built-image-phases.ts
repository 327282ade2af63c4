import type Docker from "dockerode";
import { recordOf } from "../cache/compare-step-records";
import { dockerfileStages } from "../cache/final-stage-steps";
import { runCacheChecks } from "../cache/run-cache-checks";
import type { ProbeOutcome, StopWhen } from "../docker/build-image";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import {
  type CheckResult,
  composeRunOptions,
  type DockerfileModel,
  type Exercise,
  type PhaseName,
  type PhaseResult,
  type ResultDocument,
  type SubmittedFile,
} from "../grading/lib";
import type { GradingSink } from "../grading-sink";
import { readImage } from "../inspect/read-image";
import { runImageChecks } from "../inspect/run-image-checks";
import { summariseImage } from "../inspect/summarise-image";
import { RUN_LIMITS } from "../limits";
import { runContainerChecks } from "../run/run-container-checks";
import { finalStageBase } from "./final-stage-base";
import { runGpuProbe } from "./gpu-phase";
import { runPhase } from "./phase-timer";

export interface BuiltImagePhasesInput {
  docker: Docker;
  sink: GradingSink;
  phases: PhaseResult[];
  exercise: Exercise;
  submissionId: string;
  imageId: string;
  /** BuildKit's records of the first build: which steps it reused from earlier builds. */
  firstBuildSteps: BuildStepRecord[];
  dockerfile: DockerfileModel;
  files: SubmittedFile[];
  /** Builds for the cache phase's rebuilds, which may stop one early (build-image.ts, StopWhen). */
  rebuild: (files: SubmittedFile[], tag: string, stopWhen: StopWhen) => Promise<ProbeOutcome>;
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
export async function runBuiltImagePhases(
  input: BuiltImagePhasesInput,
): Promise<{ checks: CheckResult[]; image: ResultDocument["image"]; cache: ResultDocument["cache"] }> {
  const { docker, sink, phases, exercise, imageId, dockerfile } = input;
  const { cache, run, gpu } = exercise.spec.checks;
  let image: ResultDocument["image"];
  let cacheReport: ResultDocument["cache"];

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
      image = summariseImage(facts, dockerfile, cachedLines(dockerfile, input.firstBuildSteps));
      return runImageChecks({ facts, checks: exercise.spec.checks, dockerfile });
    }),
  ];
  if (cache) {
    work.push(
      phase("cache", true, async (log) => {
        const found = await runCacheChecks({
          docker,
          dockerfile,
          files: input.files,
          params: cache,
          target: exercise.spec.build.target,
          firstImageId: imageId,
          rebuild: input.rebuild,
          log,
        });
        if (found.rebuilds.length > 0) cacheReport = { rebuilds: found.rebuilds };
        return found.checks;
      }),
    );
  }
  if (run) {
    const limits = {
      ...RUN_LIMITS,
      wallSeconds: Math.min(RUN_LIMITS.wallSeconds, exercise.spec.limits.runSeconds),
      memoryBytes: Math.min(RUN_LIMITS.memoryBytes, exercise.spec.limits.runMemoryMB * 1024 * 1024),
    };
    const composeFile = exercise.spec.checks.compose?.file;
    const compose =
      run.composeService && composeFile
        ? composeRunOptions(
            composeFile,
            input.files.find((f) => f.path === composeFile)?.content,
            run.composeService,
            input.files,
          )
        : undefined;
    work.push(
      phase("run", false, (log) =>
        runContainerChecks({
          docker,
          image: imageId,
          submissionId: input.submissionId,
          params: run,
          limits,
          log,
          compose,
        }),
      ),
    );
  }
  if (gpu) {
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
  const checks = settled.flatMap((s) => (s as PromiseFulfilledResult<CheckResult[]>).value);
  return { checks, image, cache: cacheReport };
}

/** The Dockerfile lines of every step BuildKit reported CACHED in a build. */
function cachedLines(dockerfile: DockerfileModel, records: BuildStepRecord[]): Set<number> {
  const lines = new Set<number>();
  for (const stage of dockerfileStages(dockerfile))
    for (const step of stage.steps) if (recordOf(step, records)?.cached) lines.add(step.line);
  return lines;
}
