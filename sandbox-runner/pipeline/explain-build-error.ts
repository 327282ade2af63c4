/**
 * BuildKit's errors name its internals ("failed to calculate checksum of ref
 * 63dc…::458q…"). The ones a learner meets often are put in their terms: what
 * is missing and where it was looked for. Anything else passes unchanged.
 */
export function explainBuildError(message: string): { message: string; fix?: string } {
  const missing = /failed to calculate checksum of ref [^ ]+: "\/?([^"]*)": not found/.exec(message);
  if (missing) {
    const path = missing[1] || ".";
    return {
      message: `COPY or ADD names "${path}", but the build context has no such file or folder.`,
      fix:
        `Source paths are relative to the build context (the folder you submit), ` +
        `not to WORKDIR. Check the spelling of "${path}", that the file is part ` +
        `of your submission, and that .dockerignore does not exclude it.`,
    };
  }
  // An image BuildKit went to fetch from a registry: a --from naming no stage (FROM lines are checked before building).
  const fetched =
    /registry-1\.docker\.io\/v2\/(?:library\/)?(\S+?)\/manifests\/([^"\s]+)/.exec(message) ??
    /failed to resolve source metadata for (?:docker\.io\/)?(?:library\/)?([^:\s]+):([^:\s]+)/.exec(message);
  if (fetched) {
    return {
      message:
        `COPY --from or RUN --mount from=${fetched[1]}:${fetched[2]} names ` +
        `neither a stage of this Dockerfile nor an image on this grader, and ` +
        `graders cannot download images.`,
      fix:
        "Name a stage defined earlier with FROM ... AS <name> (stage names are " +
        "case-insensitive), or one of the grader's base images.",
    };
  }
  return { message };
}
