/**
 * Where a platform fault happened:
 * - docker: the Docker engine, or what the platform runs on it (base images, the package mirror);
 * - database: PostgreSQL, its migrations, or what is stored through it;
 * - content: the course as authored (lessons, quizzes, exercises on disk), found broken when loaded;
 * - runner: the grading runner's own host (e.g. the cgroups that limit builds).
 */
export type PlatformSystem = "docker" | "database" | "content" | "runner";

/**
 * Something the platform depends on failed, or the platform's own data is broken: nothing the caller sent caused it
 * and nothing they change will fix it. Unlike a RequestError it has no HTTP status and its message is written for the
 * operator (it may name files, images and SQL); the HTTP edge logs it and answers with a generic message, and the
 * grading runner records the submission as a platform error that costs the learner nothing.
 *
 * Content that does not load is a fault of this kind: an authoring mistake a build or a test should have caught,
 * which the learner cannot fix.
 */
export class PlatformFault extends Error {
  readonly system: PlatformSystem;
  /** Extra machine-readable detail for the operator, e.g. the migration or file concerned. */
  readonly details?: Record<string, unknown>;

  constructor(
    system: PlatformSystem,
    message: string,
    opts: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "PlatformFault";
    this.system = system;
    this.details = opts.details;
  }
}
