import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ComposeEngineVerdict, SubmittedFile } from "../grading/lib";
import { parseCompose } from "../grading/lib";
import { detectComposePlugin, runCompose } from "./compose-plugin";
import { parseConfigError } from "./config-error";
import { findOutsidePaths } from "./outside-paths";

const CONFIG_TIMEOUT_MS = 15_000;

/** Copies the submission into `dir`, leaving out any path that would land outside it. */
export async function writeSubmission(dir: string, files: SubmittedFile[]): Promise<void> {
  for (const f of files) {
    const target = path.join(dir, f.path);
    if (!target.startsWith(`${dir}${path.sep}`)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, f.content);
  }
}

/**
 * Asks Docker Compose itself whether it can load the submitted compose file:
 * `docker compose -f <file> config --quiet` in a scratch copy of the
 * submission, with none of the runner's environment. Only when this grader has
 * the v2 plugin, the YAML parses and the file reads nothing outside the
 * exercise folder; otherwise the verdict says why it was not run.
 */
export async function checkComposeWithEngine(
  files: SubmittedFile[],
  composeFile: string,
): Promise<ComposeEngineVerdict> {
  const plugin = await detectComposePlugin();
  if (!plugin.available) return { status: "not-run", reason: plugin.reason };
  const text = files.find((f) => f.path === composeFile)?.content;
  if (text === undefined)
    return { status: "not-run", reason: `There is no ${composeFile}, so docker compose config was not run.` };
  const parsed = parseCompose(composeFile, text);
  if (!parsed.ok)
    return { status: "not-run", reason: "The file is not valid YAML, so docker compose config was not run." };
  const outside = findOutsidePaths(parsed.file.data);
  if (outside.length) {
    const first = outside[0]!;
    return {
      status: "not-run",
      reason:
        `docker compose config was not run: the file names ${first.path} (${parsed.file.at(first.keys)}), ` +
        `outside the exercise folder.`,
    };
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), "dockyard-compose-"));
  try {
    await writeSubmission(dir, files);
    const result = await runCompose(dir, ["-f", path.join(dir, composeFile), "config", "--quiet"], CONFIG_TIMEOUT_MS);
    if (result.timedOut)
      return {
        status: "not-run",
        reason:
          "docker compose config did not finish in time, so its verdict is missing; the schema check stands in for it.",
      };
    if (result.exitCode === 0) return { status: "accepted", version: plugin.version };
    return { status: "rejected", version: plugin.version, ...parseConfigError(result.stderr, dir) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
