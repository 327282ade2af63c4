import { LESSONS } from "../../../content/lesson-slugs";
import { fail, pass, warn } from "../../checks/check-spec";
import { isIgnored } from "../dockerignore";
import { copyOnlyTheApp, copyOnlyTheAppFix, DEV_DIRS, wholeContextCopy } from "../narrow-copy";
import { findingAt } from "../quick-fix";
import type { StaticContext } from "../static-context";
import { at, STATIC, type StaticRule } from "../static-rule";

export const dockerignorePresent: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.dockerignore-present",
    category: "size",
    title: ".dockerignore keeps the build context lean",
    measures:
      "When a COPY or ADD sends the whole context (COPY . …): .dockerignore " +
      "must exist (else fail) and should exclude .git, .env and " +
      "development/data directories present in the submission (else warn).",
    points: 1,
    why:
      "COPY . . copies everything in the build directory that .dockerignore " +
      "does not exclude: the .git history, local virtualenvs, datasets, " +
      "notebooks, and .env files with credentials. The image gets bigger, " +
      "secrets leak, and because any changed file invalidates the COPY layer, " +
      "builds rebuild more often.",
    fix: "Add a .dockerignore next to the Dockerfile, e.g.:\n.git\n.env\n.venv/\n__pycache__/\ndata/\nnotebooks/",
    lesson: LESSONS.context,
    equivalent: "dockle DKL-LI-0003 (build-context side)",
  },
  quickFix: (dockerfile, line, ctx) => {
    const copy = wholeContextCopy(ctx);
    return copy?.line === line && findingAt(dockerignorePresent.run(ctx), line)
      ? copyOnlyTheApp(dockerfile, copy, ctx)
      : undefined;
  },
  run(ctx) {
    const wholeCopy = wholeContextCopy(ctx);
    if (!wholeCopy) return pass("No COPY or ADD sends the whole build context; each names the files it needs.");
    const location = at(wholeCopy.line);
    const editable = ctx.editable(".dockerignore");
    if (!ctx.files.has(".dockerignore")) {
      return fail({
        message:
          `${wholeCopy.text} copies the whole build context, and there is no ` +
          `.dockerignore, so everything in the directory (including .git, .env ` +
          `files and local data) goes into the image.`,
        location,
        evidence: wholeCopy.text,
        fix: editable
          ? `Create .dockerignore with at least:\n${missingPatterns(ctx).join("\n")}`
          : copyOnlyTheAppFix(ctx, wholeCopy, "This exercise has no .dockerignore for you to write"),
      });
    }
    const missing = missingPatterns(ctx);
    if (missing.length === 0)
      return pass(`.dockerignore excludes .git, .env and the development directories before ${wholeCopy.text}.`);
    return warn({
      message:
        `.dockerignore does not exclude ${missing.join(", ")}, so ${wholeCopy.text} ` +
        `would copy ${missing.length === 1 ? "it" : "them"} into the image.`,
      location: editable ? at(1, ".dockerignore") : location,
      evidence: wholeCopy.text,
      fix: editable
        ? `Add to .dockerignore:\n${missing.join("\n")}`
        : copyOnlyTheAppFix(ctx, wholeCopy, "The .dockerignore is part of this exercise and cannot be edited"),
    });
  },
};

/**
 * Patterns the .dockerignore should add: .git and .env always, development directories when the submission has
 * them.
 */
function missingPatterns(ctx: StaticContext): string[] {
  const missing: string[] = [];
  if (!isIgnored(ctx.dockerignore, ".git/HEAD")) missing.push(".git");
  if (!isIgnored(ctx.dockerignore, ".env")) missing.push(".env");
  const present = new Set<string>();
  for (const path of ctx.files.keys()) {
    for (const part of path.split("/").slice(0, -1)) if (DEV_DIRS.includes(part)) present.add(part);
  }
  for (const dir of present) {
    const sample = [...ctx.files.keys()].find((p) => p.split("/").includes(dir));
    if (sample && !isIgnored(ctx.dockerignore, sample)) missing.push(`${dir}/`);
  }
  return missing;
}
