import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { contextFilesFor, copySpec, isWholeContext } from "../copy-sources";
import { isEnvFile } from "../env-files";
import { copyOnlyTheApp, copyOnlyTheAppFix } from "../narrow-copy";
import { deleteInstruction, findingAt, instructionAt, lineFix, type QuickFix } from "../quick-fix";
import { outcome, stageInstructions } from "../rule-helpers";
import type { DockerInstruction, StaticContext } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

const RUN_TIME = "Pass the values at run time instead (docker run --env-file .env).";
const BUILD_TIME_FIX =
  "If a build step needs the values, mount the file into that one RUN instead: " +
  "RUN --mount=type=secret,id=dotenv,target=/app/.env <command>, with docker build --secret id=dotenv,src=.env.";

export const noEnvFileCopied: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.no-env-file-copied",
    category: "security",
    title: "No .env file is copied into the image",
    measures:
      "COPY/ADD lines naming a .env file, or copying a directory (or the whole " +
      "context) that contains one the .dockerignore does not exclude.",
    points: 3,
    why:
      ".env files hold the credentials your app reads at run time: database " +
      "passwords, API keys, tokens. Copied into the image they are readable by " +
      "anyone who can pull it, and they stay in that layer even if a later step " +
      "deletes them.",
    fix:
      "Do not copy .env: add .env to .dockerignore and pass the values at run time (docker run --env-file .env, " +
      `or your platform's secret store). ${BUILD_TIME_FIX}`,
    lesson: LESSONS.secrets,
  },
  quickFix: stopCopyingEnv,
  run(ctx) {
    const fails: Finding[] = [];
    for (const i of stageInstructions(ctx)) {
      if (i.keyword !== "COPY" && i.keyword !== "ADD") continue;
      const spec = copySpec(i);
      if (spec.from || spec.heredoc) continue;
      for (const source of spec.sources) {
        const named = isEnvFile(source);
        const carried = named ? [] : contextFilesFor(ctx, source).filter(isEnvFile);
        if (!named && carried.length === 0) continue;
        const what = named ? source : carried.join(", ");
        const via = named
          ? "names it directly"
          : isWholeContext(source)
            ? "copies the whole context and .dockerignore does not exclude it"
            : `copies ${source}, which contains it`;
        const message = `${i.text} puts ${what} into the image: this line ${via}.`;
        const how = keepOut(ctx, i, source, named);
        const fix = `${how}${how.includes("\n") ? "\n" : " "}${RUN_TIME} ${BUILD_TIME_FIX}`;
        fails.push({ message, ...located(i), fix });
      }
    }
    return outcome(fails, [], "No .env file reaches the image.");
  },
};

/** How to keep the file out with the files this exercise lets the learner edit. */
function keepOut(ctx: StaticContext, copy: DockerInstruction, source: string, named: boolean): string {
  const ignoreIt = ctx.editable(".dockerignore") ? " Add .env (and .env.*) to .dockerignore as well." : "";
  if (named)
    return copySpec(copy).sources.length === 1
      ? `Delete this line.${ignoreIt}`
      : `Take ${source} out of this line.${ignoreIt}`;
  if (ctx.editable(".dockerignore")) return "Add .env (and .env.*) to .dockerignore.";
  if (isWholeContext(source))
    return copyOnlyTheAppFix(ctx, copy, "The .dockerignore is not yours to edit in this exercise");
  const others = contextFilesFor(ctx, source).filter((f) => !isEnvFile(f));
  return others.length
    ? `Copy the files of ${source} that the app needs by name: COPY ${others.join(" ")} ${copySpec(copy).dest}.`
    : `Delete this line: ${source} holds nothing else.`;
}

/**
 * The .env taken out of a one-line COPY that names it (the line goes when nothing else is left), or a whole-context
 * COPY narrowed to what the app needs where .dockerignore is not the learner's.
 */
function stopCopyingEnv(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const copy = instructionAt(ctx, line);
  if (!copy || copy.line !== line || !findingAt(noEnvFileCopied.run(ctx), line)) return undefined;
  const spec = copySpec(copy);
  const envFiles = spec.sources.filter(isEnvFile);
  if (envFiles.length === 0) return copyOnlyTheApp(dockerfile, copy, ctx);
  if (envFiles.length === spec.sources.length) return deleteInstruction(dockerfile, line, "Delete this COPY of .env");
  if (copy.endLine !== copy.line || copy.exec) return undefined;
  const text = dockerfile.split("\n")[line - 1] ?? "";
  const kept = text
    .split(/(\s+)/)
    .filter(
      (word, k, words) => !(envFiles.includes(word) || (/^\s+$/.test(word) && envFiles.includes(words[k + 1] ?? ""))),
    );
  return lineFix(`Take ${envFiles.join(", ")} out of this COPY`, line, 1, text.length + 1, kept.join(""));
}
