import type Docker from "dockerode";
import { checkDockerfileSyntax } from "../../lib/dockerfile/check-syntax";
import { isAppError } from "../../lib/errors/app-error";
import type { Exercise } from "../../lib/exercises/load-exercise";
import { RESULT_VERSION, type CheckResult, type PhaseResult, type ResultDocument } from "../../lib/grading/result-schema";
import { validateFiles, type SubmittedFile } from "../../lib/submissions/validate-files";
import { createBuildContext } from "../docker/build-context";
import { buildImage } from "../docker/build-image";
import { removeImage } from "../docker/remove-image";
import type { EventSink } from "../event-sink";
import { BUILD_LIMITS } from "../limits";
import { dockerfileParses, imageBuilds } from "./skeleton-checks";
import { locateStep } from "./locate-step";
import { runPhase } from "./phase-timer";
import { findBaseImages } from "./find-base-images";
import { BASE_IMAGES } from "../images/seed-base-images";

export interface GradeInput {
  submissionId: string;
  exercise: Exercise;
  files: SubmittedFile[];
  docker: Docker;
  sink: EventSink;
}

/**
 * validate → static → build → report. Learner mistakes end as "failed" with a
 * check explaining them; only platform faults throw (and become "error").
 */
export async function gradeSubmission(input: GradeInput): Promise<ResultDocument> {
  const { sink, exercise } = input;
  const phases: PhaseResult[] = [];
  const checks: CheckResult[] = [];

  // The app validated already; the runner re-validates because the row is the contract, not the app.
  const files = await runPhase(sink, phases, "validate", async () => ({
    status: "passed",
    value: validateFiles(input.files, exercise.spec.editable),
  }));
  const dockerfile = files.find((f) => f.path === "Dockerfile")?.content ?? "";

  const syntaxOk = await runPhase(sink, phases, "static", async () => {
    try {
      checkDockerfileSyntax(dockerfile);
      checks.push(dockerfileParses());
      return { status: "passed", value: true };
    } catch (err) {
      if (!isAppError(err)) throw err;
      checks.push(dockerfileParses({ message: err.message, line: err.details?.line as number | undefined }));
      return { status: "failed", value: false };
    }
  });

  if (syntaxOk) {
    const tag = `dockyard-sub-${input.submissionId.toLowerCase()}`;
    await runPhase(sink, phases, "build", async () => {
      const missing = await firstMissingBaseImage(input.docker, dockerfile);
      if (missing) {
        checks.push(
          imageBuilds({
            message: `the base image ${missing.image} is not available on this grader, and builds here cannot download images.`,
            location: `Dockerfile:${missing.line}`,
            instruction: `FROM ${missing.image}`,
            timedOut: false,
            fix: `Start from one of the images the grader provides: ${BASE_IMAGES.join(", ")}.`,
          }),
        );
        sink.log(`${missing.image}: not available on this grader (no image downloads during grading)\n`);
        return { status: "failed", value: undefined };
      }
      const outcome = await buildImage(input.docker, {
        submissionId: input.submissionId,
        tag,
        context: createBuildContext(files),
        memoryBytes: Math.min(BUILD_LIMITS.memoryBytes, exercise.spec.limits.buildMemoryMB * 1024 * 1024),
        cpus: BUILD_LIMITS.cpus,
        wallSeconds: Math.min(BUILD_LIMITS.wallSeconds, exercise.spec.limits.buildSeconds),
        onOutput: (text) => sink.log(text),
      });
      if (outcome.kind === "built") {
        checks.push(imageBuilds());
        await removeImage(input.docker, tag);
        return { status: "passed", value: undefined };
      }
      const where = outcome.step ? locateStep(dockerfile, outcome.step) : undefined;
      checks.push(
        imageBuilds({
          message: outcome.message,
          timedOut: outcome.timedOut,
          location: where ? `Dockerfile:${where.line}` : undefined,
          instruction: where?.instruction,
        }),
      );
      await removeImage(input.docker, tag);
      return { status: "failed", value: undefined };
    });
  }

  return runPhase(sink, phases, "report", async () => {
    const maxPoints = checks.reduce((s, c) => s + c.maxPoints, 0);
    const points = checks.reduce((s, c) => s + c.points, 0);
    const document: ResultDocument = {
      version: RESULT_VERSION,
      submissionId: input.submissionId,
      exercise: exercise.slug,
      status: checks.some((c) => c.status === "fail") ? "failed" : "passed",
      score: maxPoints === 0 ? 0 : points / maxPoints,
      phases,
      checks,
      logTruncated: sink.truncated,
    };
    return { status: "passed", value: document };
  }).then((doc) => ({ ...doc, phases: [...phases] }));
}

/** Checked up front because the engine would otherwise try to pull a missing base from a registry. */
async function firstMissingBaseImage(docker: Docker, dockerfile: string) {
  for (const ref of findBaseImages(dockerfile)) {
    try {
      await docker.getImage(ref.image).inspect();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return ref;
      throw err;
    }
  }
  return undefined;
}
