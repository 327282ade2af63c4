import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { engineEndpoint } from "../docker/engine";
import type { ComposeEngineVerdict, SubmittedFile } from "../from-lib";
import { parseCompose } from "../from-lib";
import { composeCliEnv, detectComposePlugin } from "./compose-plugin";
import { parseConfigError } from "./config-error";
import { findOutsidePaths } from "./outside-paths";
import { runCli } from "./run-cli";

const CONFIG_TIMEOUT_MS = 15_000;

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
    for (const f of files) {
      const target = path.join(dir, f.path);
      if (!target.startsWith(`${dir}${path.sep}`)) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, f.content);
    }
    const result = await runComposeConfig(dir, composeFile);
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

function runComposeConfig(dir: string, composeFile: string) {
  return runCli(
    engineEndpoint().cli,
    ["compose", "--project-directory", dir, "-f", path.join(dir, composeFile), "config", "--quiet"],
    {
      cwd: dir,
      env: composeCliEnv(dir),
      timeoutMs: CONFIG_TIMEOUT_MS,
    },
  );
}
