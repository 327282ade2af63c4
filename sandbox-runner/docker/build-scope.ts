import { createHash, randomBytes } from "node:crypto";

/**
 * Whose builds may share the builder state that outlives a build: BuildKit's cache mounts
 * (`RUN --mount=type=cache`). A learner's own builds share theirs, so a rebuild finds its pip cache again; two
 * learners never share one, or one could read what the other cached, or plant files that change the other's build
 * and grade. Gradings outside the queue (the `grade` command, the content check) have scopes of their own.
 */
export type BuildScope = { learner: string } | { tool: "grade-command" | "verify-exercises" };

/**
 * The namespace BuildKit puts in front of every cache mount id of a build (`<namespace>/<id>`, the id being the
 * target when the Dockerfile names none). It is a build argument the Dockerfile frontend reads from the client
 * only: an `ARG` of the same name in the Dockerfile does not change it. Fixed length and without a "/", so one
 * scope's `<namespace>/<id>` never equals another's, whatever id a Dockerfile names (`../`, `/`, anything).
 */
export function cacheMountNamespace(scope: BuildScope): string {
  const key = "learner" in scope ? `learner\0${scope.learner}` : `tool\0${scope.tool}`;
  return `dockyard-${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

/**
 * The `docker buildx build` arguments that keep a build's cache mounts inside its scope. A build without a scope
 * gets a namespace of its own: forgetting to name one costs cache reuse, never isolation.
 */
export function buildScopeArgs(scope: BuildScope | undefined): string[] {
  const namespace = scope ? cacheMountNamespace(scope) : `dockyard-${randomBytes(16).toString("hex")}`;
  return ["--build-arg", `BUILDKIT_CACHE_MOUNT_NS=${namespace}`];
}
