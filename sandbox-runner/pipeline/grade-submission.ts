import type Docker from "dockerode";
import { checkComposeWithEngine } from "../compose/compose-config";
import type { BuildNetwork } from "../docker/build-network";
import type { BuildScope } from "../docker/build-scope";
import type { Exercise } from "../grading/lib";
import {
  type CheckResult,
  checkDockerfileSyntax,
  dockerfileParses,
  findingsOf,
  type PhaseResult,
  parseDockerfile,
  phaseNameSchema,
  RESULT_VERSION,
  RequestError,
  type ResultDocument,
  runStaticChecks,
  type SubmittedFile,
  scoreOf,
  validateFiles,
} from "../grading/lib";
import type { GradingSink } from "../grading-sink";
import { plainText } from "../terminal-output";
import { runFirstBuild, submissionBuilder } from "./build-phase";
import { runBuiltImagePhases } from "./built-image-phases";
import { checksNotReached } from "./checks-not-reached";
import { cleanupSubmission } from "./cleanup";
import { runPhase } from "./phase-timer";
import { runStackPhase } from "./stack-phase";

export interface GradeInput {
  submissionId: string;
  exercise: Exercise;
  files: SubmittedFile[];
  docker: Docker;
  sink: GradingSink;
  /** No network, or the engine's bridge where only the package mirror answers. */
  network: BuildNetwork;
  /** GPUs on this runner; 0 makes GPU checks "not run: no GPU node". */
  gpus: number;
  /** Whose BuildKit cache mounts the builds share: the submission's learner (also for a re-grade), or the tool's. */
  scope: BuildScope;
  /**
   * Keep the built image (tagged `submissionImageTag`) when grading got past the build, for shells in it. The
   * command line keeps nothing.
   */
  keepImage?: boolean;
}

/** The tag of a submission's first build: the image graded, and the one kept for shells. */
export function submissionImageTag(submissionId: string): string {
  return `dockyard-sub-${submissionId.toLowerCase()}`;
}

/**
 * validate → static → build → inspect → cache → run → gpu → report. Learner
 * mistakes end as "failed" with checks explaining them; only platform faults
 * throw (and become "error"). Whatever happens, the submission's containers,
 * images and networks are removed before this returns, except the built image when `keepImage` asks for it.
 */
export async function gradeSubmission(input: GradeInput): Promise<ResultDocument> {
  const { sink, exercise, docker } = input;
  const params = exercise.spec.checks;
  const phases: PhaseResult[] = [];
  const checks: CheckResult[] = [];
  const log = (text: string) => sink.log(text);
  const tag = submissionImageTag(input.submissionId);
  let keep: string | undefined;
  const buildSettings = {
    docker,
    submissionId: input.submissionId,
    spec: exercise.spec,
    network: input.network,
    scope: input.scope,
    log,
  };
  const builder = submissionBuilder(buildSettings);
  let image: ResultDocument["image"];
  let cache: ResultDocument["cache"];

  try {
    // The app validated already; the runner re-validates because the row is the contract, not the app.
    const files = await runPhase(sink, phases, "validate", async () => ({
      status: "passed",
      value: [...exercise.fixed, ...validateFiles(input.files, exercise.spec.editable)],
    }));
    // Parsed once: the syntax check, the static rules and every later phase read this one model.
    const dockerfile = parseDockerfile(files.find((f) => f.path === "Dockerfile")?.content ?? "");

    const parses = await runPhase(sink, phases, "static", async () => {
      try {
        checkDockerfileSyntax(dockerfile);
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        const details = err.details as { line?: number; fix?: string } | undefined;
        checks.push(dockerfileParses({ message: err.message, line: details?.line, fix: details?.fix }));
        return { status: "failed", value: false };
      }
      // Compose exercises: Docker Compose's own verdict on the file, where this grader has the v2 plugin.
      const composeEngine = params.compose ? await checkComposeWithEngine(files, params.compose.file) : undefined;
      if (composeEngine) {
        const verdict =
          composeEngine.status === "not-run"
            ? composeEngine.reason
            : `docker compose config ${composeEngine.status} the file.`;
        log(`compose: graded by rules and config parsing; the stack is not started. ${verdict}\n`);
      }
      const editable = exercise.spec.editable;
      const found = runStaticChecks({ dockerfile, files, checks: params, composeEngine, editable });
      checks.push(dockerfileParses(), ...found);
      // The phase fails with its checks, but the pipeline goes on: a build still teaches more.
      return { status: found.some((c) => c.status === "fail") ? "failed" : "passed", value: true };
    });
    if (!parses) {
      checks.push(...checksNotReached(params, "build", "the Dockerfile does not parse, so nothing was built."));
      return report();
    }

    const first = await runPhase(sink, phases, "build", async () => {
      const outcome = await runFirstBuild(buildSettings, builder, files, dockerfile, tag);
      checks.push(outcome.check);
      return { status: outcome.imageId ? "passed" : "failed", value: outcome.imageId ? outcome : undefined };
    });
    if (!first) {
      checks.push(...checksNotReached(params, "inspect", "the image did not build."));
      return report();
    }

    const graded = await runBuiltImagePhases({
      docker,
      sink,
      phases,
      exercise,
      submissionId: input.submissionId,
      imageId: first.imageId,
      firstBuildSteps: first.steps,
      dockerfile,
      files,
      rebuild: builder.probe,
      gpus: input.gpus,
    });
    checks.push(...graded.checks);
    // After the image phases: the stack runs the graded image, and competes with no rebuild for the engine.
    checks.push(
      ...(await runStackPhase({ docker, sink, phases, exercise, submissionId: input.submissionId, files, image: tag })),
    );
    image = graded.image;
    cache = graded.cache;
    // Only a grading that ran to its end keeps the image: one that threw is an error the learner sees no shell for.
    if (input.keepImage) keep = tag;
    return report();
  } finally {
    await cleanupSubmission(docker, input.submissionId, { tags: [tag], keep }).catch((err) => {
      console.error(`[runner] cleanup of ${input.submissionId} failed (the reaper will retry):`, err);
    });
  }

  function report(): Promise<ResultDocument> {
    return runPhase(sink, phases, "report", async () => {
      const plain = checks.map(plainCheckText);
      // Checks that find one mistake count once (lib/grading/checks/findings.ts); any failed check still fails.
      const { points, maxPoints, score } = scoreOf(plain);
      const document: ResultDocument = {
        version: RESULT_VERSION,
        submissionId: input.submissionId,
        exercise: exercise.slug,
        status: plain.some((c) => c.status === "fail") ? "failed" : "passed",
        score,
        phases,
        checks: plain,
        image,
        cache,
        logTruncated: sink.truncated,
        findings: findingsOf(plain),
        points,
        maxPoints,
      };
      return { status: "passed", value: document };
    }).then((doc) => ({
      ...doc,
      phases: [...phases].sort((a, b) => PHASE_ORDER.indexOf(a.name) - PHASE_ORDER.indexOf(b.name)),
    }));
  }
}

const PHASE_ORDER = phaseNameSchema.options;

/**
 * A check's message and evidence quote what the build, the container or its health check printed: plain text, as
 * the log (see EventSink), so no escape garbage reaches the report and no NUL makes PostgreSQL refuse the result.
 */
function plainCheckText(check: CheckResult): CheckResult {
  return {
    ...check,
    message: plainText(check.message),
    ...(check.evidence === undefined ? {} : { evidence: plainText(check.evidence) }),
  };
}
