import type { CheckOutcome, CheckSpec, DockerfileModel, ExerciseChecks } from "../grading/lib";
import type { ImageFacts } from "./image-facts";

export interface ImageCheckContext {
  facts: ImageFacts;
  checks: ExerciseChecks;
  /** The learner's Dockerfile: turns layers back into line numbers for messages. */
  dockerfile: DockerfileModel;
}

/** One catalogue entry measured on the built image. */
export interface ImageCheck {
  spec: CheckSpec;
  run(ctx: ImageCheckContext): CheckOutcome;
}
