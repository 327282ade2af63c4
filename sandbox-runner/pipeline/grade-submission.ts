import type Docker from "dockerode";
import { checkDockerfileSyntax } from "../../lib/dockerfile/check-syntax";
import { isAppError } from "../../lib/errors/app-error";
import type { Exercise } from "../../lib/exercises/load-exercise";
import { runStaticChecks } from "../../lib/grading/static/run-static-checks";
import { RESULT_VERSION, type CheckResult, type PhaseResult, type ResultDocument } from "../../lib/grading/result-schema";
import { validateFiles, type SubmittedFile } from "../../lib/submissions/validate-files";
import { runCacheChecks } from "../cache/run-cache-checks";
import type { GradingSink } from "../grading-sink";
import { readImage } from "../inspect/read-image";
import { runImageChecks } from "../inspect/run-image-checks";
import { summariseImage } from "../inspect/summarise-image";
import { RUN_LIMITS_DEFAULT } from "../limits";
import { runContainerChecks } from "../run/run-container-checks";
import { runFirstBuild, submissionBuilder } from "./build-phase";
import { checksNotReached } from "./checks-not-reached";
import { cleanupSubmission } from "./cleanup";
import { dockerfileParses } from "./core-checks";
import { finalStageBase } from "./final-stage-base";
import { runGpuProbe } from "./gpu-phase";
import { runPhase } from "./phase-timer";

export interface GradeInput {
  submissionId: string;
  exercise: Exercise;
  files: SubmittedFile[];
  docker: Docker;
  sink: GradingSink;
  /** "none", or the internal network that reaches the package mirror. */
  networkMode: string;
  /** GPUs on this runner; 0 makes GPU checks "not run: no GPU node". */
  gpus: number;
}

/**
 * validate → static → build → inspect → cache → run → gpu → report. Learner
 * mistakes end as "failed" with checks explaining them; only platform faults
 * throw (and become "error"). Whatever happens, the submission's containers,
 * images and networks are removed before this returns.
 */
export async function gradeSubmission(input: GradeInput): Promise<ResultDocument> {
  const { sink, exercise, docker } = input;
  const params = exercise.spec.checks;
  const phases: PhaseResult[] = [];
  const checks: CheckResult[] = [];
  const log = (text: string) => sink.log(text);
  const tag = `dockyard-sub-${input.submissionId.toLowerCase()}`;
  const builder = submissionBuilder({ docker, submissionId: input.submissionId, spec: exercise.spec, networkMode: input.networkMode, log });
  let image: ResultDocument["image"];

  try {
    // The app validated already; the runner re-validates because the row is the contract, not the app.
    const files = await runPhase(sink, phases, "validate", async () => ({
      status: "passed",
      value: [...exercise.fixed, ...validateFiles(input.files, exercise.spec.editable)],
    }));
    const dockerfile = files.find((f) => f.path === "Dockerfile")?.content ?? "";

    const parses = await runPhase(sink, phases, "static", async () => {
      try {
        checkDockerfileSyntax(dockerfile);
      } catch (err) {
        if (!isAppError(err)) throw err;
        checks.push(dockerfileParses({ message: err.message, line: err.details?.line as number | undefined }));
        return { status: "failed", value: false };
      }
      checks.push(dockerfileParses(), ...runStaticChecks({ dockerfile, files, checks: params }));
      return { status: "passed", value: true };
    });
    if (!parses) {
      checks.push(...checksNotReached(params, "build", "the Dockerfile does not parse, so nothing was built."));
      return report();
    }

    const first = await runPhase(sink, phases, "build", async () => {
      const outcome = await runFirstBuild({ docker, submissionId: input.submissionId, spec: exercise.spec, networkMode: input.networkMode, log }, builder, files, dockerfile, tag);
      checks.push(outcome.check);
      return { status: outcome.imageId ? "passed" : "failed", value: outcome.imageId };
    });
    if (!first) {
      checks.push(...checksNotReached(params, "inspect", "the image did not build."));
      return report();
    }

    await runPhase(sink, phases, "inspect", async () => {
      const facts = await readImage(docker, first, { baseImageRef: finalStageBase(dockerfile) });
      image = summariseImage(facts);
      const found = runImageChecks({ facts, checks: params, dockerfile });
      checks.push(...found);
      return { status: phaseStatus(found), value: undefined };
    });

    if (params.cache) {
      const cache = params.cache;
      await runPhase(sink, phases, "cache", async () => {
        const found = await runCacheChecks({ docker, dockerfile, files, params: cache, firstImageId: first, rebuild: builder.build, log });
        checks.push(...found);
        return { status: phaseStatus(found), value: undefined };
      });
    }

    if (params.run) {
      const run = params.run;
      await runPhase(sink, phases, "run", async () => {
        const found = await runContainerChecks({
          docker,
          image: first,
          submissionId: input.submissionId,
          params: run,
          limits: {
            ...RUN_LIMITS_DEFAULT,
            wallSeconds: Math.min(RUN_LIMITS_DEFAULT.wallSeconds, exercise.spec.limits.runSeconds),
            memoryBytes: Math.min(RUN_LIMITS_DEFAULT.memoryBytes, exercise.spec.limits.runMemoryMB * 1024 * 1024),
          },
          log,
        });
        checks.push(...found);
        return { status: phaseStatus(found), value: undefined };
      });
    }

    if (params.gpu) {
      const gpu = params.gpu;
      await runPhase(sink, phases, "gpu", async () => {
        const found = await runGpuProbe({ docker, image: first, submissionId: input.submissionId, params: gpu, gpus: input.gpus, log });
        checks.push(found);
        return { status: found.status === "skipped" ? "skipped" : phaseStatus([found]), value: undefined };
      });
    }
    return report();
  } finally {
    await cleanupSubmission(docker, input.submissionId, { tags: [tag], stepImages: builder.stepImages() }).catch((err) => {
      console.error(`[runner] cleanup of ${input.submissionId} failed (the reaper will retry):`, err);
    });
  }

  function report(): Promise<ResultDocument> {
    return runPhase(sink, phases, "report", async () => {
      const maxPoints = checks.reduce((s, c) => s + c.maxPoints, 0);
      const points = checks.reduce((s, c) => s + c.points, 0);
      const document: ResultDocument = {
        version: RESULT_VERSION,
        submissionId: input.submissionId,
        exercise: exercise.slug,
        status: checks.some((c) => c.status === "fail") ? "failed" : "passed",
        score: maxPoints === 0 ? 0 : Math.round((points / maxPoints) * 1000) / 1000,
        phases,
        checks,
        image,
        logTruncated: sink.truncated,
      };
      return { status: "passed", value: document };
    }).then((doc) => ({ ...doc, phases: [...phases] }));
  }
}

function phaseStatus(found: CheckResult[]): PhaseResult["status"] {
  return found.some((c) => c.status === "fail") ? "failed" : "passed";
}
