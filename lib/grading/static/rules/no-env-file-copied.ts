import type { Finding } from "../../checks/check-spec";
import { LESSONS } from "../../checks/lessons";
import { contextFilesFor, copySpec, isWholeContext } from "../copy-sources";
import { isEnvFile } from "../env-files";
import { outcome, stageInstructions } from "../rule-helpers";
import { at, STATIC, type StaticRule } from "../static-rule";

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
        const fix = named
          ? "Delete this line; add .env to .dockerignore and pass the values at run time (docker run --env-file .env)."
          : "Add .env (and .env.*) to .dockerignore, and pass the values at run time (docker run --env-file .env).";
        const message = `${i.text} puts ${what} into the image: this line ${via}.`;
        fails.push({ message, location: at(i.line), evidence: i.text, fix: `${fix} ${BUILD_TIME_FIX}` });
      }
    }
    return outcome(fails, [], "No .env file reaches the image.");
  },
};
