import type Docker from "dockerode";
import type pg from "pg";
import { type BuildNetwork, BuildNetworkFault } from "./docker/build-network";
import { isEngineLost, isEngineUnreachable } from "./docker/docker-error";
import { isEngineFault, throughPlatformRestarts } from "./engine-comes-back";
import { EventSink } from "./event-sink";
import type { SubmittedFile } from "./grading/lib";
import {
  loadExercise,
  PlatformFault,
  RequestError,
  resultDocumentSchema,
  transition,
  typedSql,
  untilDatabaseAnswers,
  withSizeComparison,
} from "./grading/lib";
import { keepImage } from "./kept-images";
import { BUILD_LIMITS } from "./limits";
import { cleanupSubmission } from "./pipeline/cleanup";
import { gradeSubmission, submissionImageTag } from "./pipeline/grade-submission";

/** What a grading job needs of the runner that took it. */
export interface GradingJobContext {
  id: string;
  gpus: number;
  /**
   * The build network for the next job: the engine's bridge with the package mirror, or none. Asked per job,
   * because the mirror's address on the bridge changes when the engine restarts it.
   */
  buildNetwork: () => Promise<BuildNetwork>;
  /**
   * Set where shells are served: each built image stays on this engine (its `docker info` ID) for a while after
   * grading, so a learner can open a shell in it without a rebuild.
   */
  keepImages?: { engineId: string };
}

/**
 * Grades one submission end to end and stores the outcome. Safe to run twice for the same id (a retried job after a
 * runner died): finished submissions are left alone, half-graded ones start over.
 */
export async function handleGradeJob(
  db: pg.Pool,
  docker: Docker,
  runner: GradingJobContext,
  submissionId: string,
): Promise<void> {
  // Every database call of a job waits out a database restart. A handler that threw instead would leave its job to
  // pg-boss's retry, which needs the database too, and the learner would watch "running" until a lease ran out.
  // userId is the learner: a re-grade's row carries its original's learner, so it builds in that learner's scope.
  const submission = await untilDatabaseAnswers(`reading submission ${submissionId}`, () =>
    typedSql(db)
      .selectFrom("submission")
      .select((s) => ["id", "userId", "exerciseSlug", s.ref("files").$castTo<SubmittedFile[]>().as("files")])
      .where("id", "=", submissionId)
      .executeTakeFirst(),
  );
  if (!submission) return;
  const started = await untilDatabaseAnswers(`starting ${submissionId}`, () =>
    transition(db, submissionId, { to: "running", runnerId: runner.id }),
  );
  // Refused: the job was delivered again after its submission finished, and there is nothing left to do.
  if (!started.moved) return;

  const sink = new EventSink(db, submissionId, BUILD_LIMITS.outputBytes);
  if (started.from === "running") {
    sink.log("\n[grading restarted: the runner that had this submission stopped before finishing]\n");
    // Containers and images of the interrupted attempt would collide with the new one.
    await cleanupSubmission(docker, submissionId);
  }

  try {
    const exercise = await loadExercise(submission.exerciseSlug);
    // An engine that goes away (killed, restarted) costs the learner a wait, not an `error`: grading starts over
    // once it answers again, with a fresh build network (the mirror's address may have changed).
    const graded = await throughPlatformRestarts(
      docker,
      async () =>
        resultDocumentSchema.parse(
          await gradeSubmission({
            submissionId,
            exercise,
            files: submission.files,
            docker,
            sink,
            network: await buildNetworkOrFault(docker, runner),
            gpus: runner.gpus,
            scope: { learner: submission.userId },
            keepImage: runner.keepImages !== undefined,
          }),
        ),
      {
        engineGone: () =>
          sink.log("\n[the grading machine's Docker engine stopped; grading starts over once it is back]\n"),
        mirrorGone: () =>
          sink.log(
            "\n[a build step could not reach the grader's package mirror, which is not your doing; grading starts " +
              "over once it answers]\n",
          ),
        untilMirrorAnswers: () => untilBuildNetworkAnswers(runner),
        startOver: () => cleanupSubmission(docker, submissionId),
      },
    );
    // Where the exercise asks for it, the image is compared with the learner's own earlier single-stage attempt.
    const result = await untilDatabaseAnswers(`comparing the image size of ${submissionId}`, () =>
      withSizeComparison(db, { spec: exercise.spec, submission, result: graded }),
    );
    // The whole log is stored before the result and final status that close the stream.
    await sink.drain();
    const built = result.phases.some((p) => p.name === "build" && p.status === "passed");
    const engine = runner.keepImages;
    if (built && engine) {
      // Recorded before the final status: a page that sees the result may offer its shell at once.
      await untilDatabaseAnswers(`keeping the image of ${submissionId}`, () =>
        keepImage(db, { submissionId, engineId: engine.engineId, tag: submissionImageTag(submissionId) }),
      );
    }
    const finished = await untilDatabaseAnswers(`storing the result of ${submissionId}`, () =>
      transition(db, submissionId, { to: result.status, result }),
    );
    if (!finished.moved) {
      // Closed meanwhile, e.g. by a runner that took the job over after it expired here: that outcome stands.
      console.warn(`[runner] ${submissionId} was already ${finished.current}; this attempt's result is dropped`);
    }
  } catch (err) {
    const message = platformMessage(err);
    console.error(`[runner] submission ${submissionId} errored:`, err);
    await sink.drain();
    await markError(db, submissionId, message);
  }
}

/**
 * Closes a submission as a platform error: it costs the learner nothing. A submission that has finished
 * meanwhile keeps its outcome (the lifecycle refuses the move).
 */
export async function markError(db: pg.Pool, submissionId: string, message: string): Promise<void> {
  await untilDatabaseAnswers(`closing ${submissionId} as an error`, () =>
    transition(db, submissionId, { to: "error", errorMessage: message }),
  );
}

/**
 * The build network for an attempt. A mirror that does not answer builds yet (just started, or after an engine
 * restart) is a BuildNetworkFault, which the attempt waits out like a step that could not reach it; an engine that is
 * away stays the engine's fault.
 */
async function buildNetworkOrFault(docker: Docker, runner: GradingJobContext): Promise<BuildNetwork> {
  try {
    return await runner.buildNetwork();
  } catch (err) {
    if (err instanceof PlatformFault && !(await isEngineFault(docker, err))) throw new BuildNetworkFault(err.message);
    throw err;
  }
}

/** How long a job waits for builds to reach the package mirror again before it ends as a platform error. */
const MIRROR_WAIT_MS = 5 * 60_000;

async function untilBuildNetworkAnswers(runner: GradingJobContext): Promise<boolean> {
  const deadline = Date.now() + MIRROR_WAIT_MS;
  for (;;) {
    try {
      await runner.buildNetwork();
      return true;
    } catch (err) {
      if (Date.now() >= deadline) return false;
      console.warn(`[runner] the package mirror still does not answer builds: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

function platformMessage(err: unknown): string {
  // The job names an exercise the content no longer has: loadExercise's not-found, phrased for the learner.
  if (err instanceof RequestError && err.code === "NOT_FOUND") {
    return `${err.message} The exercise may have been renamed; this attempt was not counted.`;
  }
  if (err instanceof BuildNetworkFault) {
    return (
      "A build step could not reach the grader's package mirror, and it did not answer again in time, so this " +
      "attempt was not graded and not counted. Please submit again in a few minutes."
    );
  }
  if (isEngineLost(err)) {
    return (
      "The grading machine's Docker engine restarted while your image was building, so this attempt was " +
      "stopped before it could be graded. It was not counted; please submit again."
    );
  }
  if (isEngineUnreachable(err)) {
    return (
      "The grader could not reach its Docker engine, so this submission was not " +
      "graded and not counted. Please submit again shortly."
    );
  }
  return "The grader hit an internal problem while handling this submission; it was not counted. Please submit again.";
}
